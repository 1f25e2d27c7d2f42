// The overview, as the seed page opens: one box per contact, the meaning of status, the statistics with the medians (A1–A3).
import type { z } from 'zod';
import type { Dashboard } from '../../../functions/http/schemas/agent';
import { paths } from '../router';
import { call } from '../session';
import { Loading, formatDuration, lang, t, useLoad } from '../ui';

type DashboardView = z.infer<typeof Dashboard>;

export function OverviewScreen() {
  const loaded = useLoad(() => call<DashboardView>('GET', '/v1/dashboard'), [lang.value]);
  const texts = t.value.overview;
  return (
    <>
      <h1>{texts.title}</h1>
      <Loading loaded={loaded}>
        {(d) => (
          <div class="overview">
            <section aria-labelledby="boxes-heading" class="boxes-section">
              <h2 id="boxes-heading">{texts.boxes}</h2>
              <ul class="boxes">
                {d.boxes.map((b) => (
                  <li key={b.contactId} class="box">
                    <h3>
                      <a href={paths.threads({ contactId: b.contactId })}>{b.name}</a>
                    </h3>
                    <dl>
                      <div>
                        <dt>{texts.open}</dt>
                        <dd class={b.open > 0 ? 'count hot' : 'count'}>{b.open}</dd>
                      </div>
                      <div>
                        <dt>{texts.unread}</dt>
                        <dd class="count">{b.unread}</dd>
                      </div>
                      <div>
                        <dt>{texts.total}</dt>
                        <dd class="count">{b.total}</dd>
                      </div>
                    </dl>
                    {b.oldestOpenThreadId ? (
                      <a class="button primary" href={paths.thread(b.oldestOpenThreadId)}>
                        {texts.openOldest(b.name)}
                      </a>
                    ) : (
                      <p class="muted">{texts.nothingOpen}</p>
                    )}
                  </li>
                ))}
              </ul>
            </section>
            <section aria-labelledby="assignment-heading" class="assignment">
              <h2 id="assignment-heading">{texts.assignment}</h2>
              <ul>
                <li>
                  <a href={paths.threads({ employeeId: 'me' })}>{texts.mine}</a>: <strong class="count">{d.assignment.mine}</strong>
                </li>
                <li>
                  <a href={paths.threads({ employeeId: 'none' })}>{texts.unassigned}</a>: <strong class="count">{d.assignment.unassigned}</strong>
                </li>
              </ul>
            </section>
            <section aria-labelledby="legend-heading" class="legend">
              <h2 id="legend-heading">{texts.legend}</h2>
              <ul>
                {d.statuses.map((s) => (
                  <li key={s.status}>
                    <span class="swatch" style={{ background: s.color }} aria-hidden="true" /> <strong>{s.label}</strong> — {s.meaning}
                  </li>
                ))}
              </ul>
            </section>
            <section aria-labelledby="stats-heading" class="statistics">
              <h2 id="stats-heading">{texts.statistics}</h2>
              <dl>
                {(['totalThreads', 'pendingThreads', 'customerMessages', 'employeeMessages', 'unreadThreads', 'closedThreads'] as const).map((k) => (
                  <div key={k}>
                    <dt>{texts.stats[k]}</dt>
                    <dd>{d.statistics[k]}</dd>
                  </div>
                ))}
              </dl>
              <table class="medians">
                <thead>
                  <tr>
                    <td />
                    <th scope="col">{texts.allTime}</th>
                    <th scope="col">{texts.last7Days}</th>
                    <th scope="col">{texts.last30Days}</th>
                  </tr>
                </thead>
                <tbody>
                  {(
                    [
                      [texts.medianFirstResponse, d.statistics.medianFirstResponseSeconds],
                      [texts.medianTimeToClose, d.statistics.medianTimeToCloseSeconds],
                    ] as const
                  ).map(([label, m]) => (
                    <tr key={label}>
                      <th scope="row">{label}</th>
                      {([m.allTime, m.last7Days, m.last30Days] as const).map((v, i) => (
                        <td key={i}>{v === null ? <span class="muted">{texts.noData}</span> : formatDuration(v, lang.value)}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          </div>
        )}
      </Loading>
    </>
  );
}
