// The thread list (A4): every filter of the API, cursor pages, unread marks, newest activity first.
import { signal } from '@preact/signals';
import type { z } from 'zod';
import type { Dashboard, ThreadRow } from '../../../functions/http/schemas/agent';
import { LANGS, LANGUAGE_NAMES, formatDateTime } from '../../shared/i18n';
import { navigate, paths } from '../router';
import { call } from '../session';
import { Loading, StatusBadge, lang, t, useLoad } from '../ui';

type Row = z.infer<typeof ThreadRow>;
export interface TeamMember {
  id: string;
  name: string;
  active: boolean;
}

/** The ids of the list last shown, in its order: the thread view's "next" and "previous" follow it. */
export const listOrder = signal<string[]>([]);

const FILTERS = ['contactId', 'status', 'employeeId', 'tag', 'email', 'lang', 'orderReference'] as const;
const STATUSES = ['open', 'closed', 'pending1', 'pending2'] as const;

export function loadTeam(): Promise<{ items: TeamMember[] }> {
  return call('GET', '/v1/team');
}

export function ThreadListScreen({ query }: { query: URLSearchParams }) {
  const texts = t.value.list;
  const key = query.toString();
  const params = Object.fromEntries([...FILTERS, 'cursor', 'limit'].map((f) => [f, query.get(f) ?? undefined]));
  const loaded = useLoad(async () => {
    const page = await call<{ items: Row[]; nextCursor: string | null }>('GET', '/v1/threads', { query: params });
    listOrder.value = page.items.map((r) => r.id);
    return page;
  }, [key]);
  const choices = useLoad(() => Promise.all([call<z.infer<typeof Dashboard>>('GET', '/v1/dashboard'), loadTeam()]), [lang.value]);
  const [dashboard, team] = choices.data ?? [undefined, undefined];

  const apply = (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    navigate(paths.threads(Object.fromEntries(FILTERS.map((f) => [f, String(form.get(f) ?? '').trim() || undefined]))));
  };
  const select = (name: string, label: string, options: [string, string][]) => (
    <div class="field">
      <label for={`filter-${name}`}>{label}</label>
      <select id={`filter-${name}`} name={name}>
        <option value="">{texts.any}</option>
        {options.map(([value, text]) => (
          <option key={value} value={value} selected={value === query.get(name)}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
  const input = (name: string, label: string, inputMode?: 'email') => (
    <div class="field">
      <label for={`filter-${name}`}>{label}</label>
      <input id={`filter-${name}`} name={name} type="text" inputMode={inputMode} defaultValue={query.get(name) ?? ''} />
    </div>
  );

  return (
    <>
      <h1>{texts.title}</h1>
      {/* Uncontrolled fields, set from the address when the form mounts (a new query mounts a new form): a list or
          a team arriving later re-renders the form without undoing what the agent chose meanwhile. */}
      <form class="filters" aria-label={texts.filters} onSubmit={apply} key={key}>
        {select('contactId', texts.contact, (dashboard?.boxes ?? []).map((b) => [b.contactId, b.name]))}
        {select('status', texts.status, STATUSES.map((s) => [s, t.value.statuses[s]]))}
        {select('employeeId', texts.employee, [
          ['me', texts.mine],
          ['none', texts.unassigned],
          ...(team?.items ?? []).map((e): [string, string] => [e.id, e.name]),
        ])}
        {input('tag', texts.tag)}
        {input('email', texts.email, 'email')}
        {select('lang', texts.lang, LANGS.map((l) => [l, LANGUAGE_NAMES[l]]))}
        {input('orderReference', texts.orderReference)}
        <div class="filter-actions">
          <button type="submit" class="primary">
            {texts.apply}
          </button>
          <a class="button" href={paths.threads()}>
            {texts.reset}
          </a>
        </div>
      </form>
      <Loading loaded={loaded}>
        {(page) =>
          page.items.length === 0 ? (
            <p class="muted">{texts.empty}</p>
          ) : (
            <>
              <div class="table-wrap">
                <table class="threads">
                  <thead>
                    <tr>
                      <th scope="col">{texts.columns.id}</th>
                      <th scope="col">{texts.columns.customer}</th>
                      <th scope="col">{texts.columns.contact}</th>
                      <th scope="col">{texts.columns.lang}</th>
                      <th scope="col">{texts.columns.status}</th>
                      <th scope="col">{texts.columns.employee}</th>
                      <th scope="col">{texts.columns.lastMessage}</th>
                      <th scope="col">{texts.columns.unread}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {page.items.map((r) => (
                      <tr key={r.id} class={r.unread > 0 ? 'unread' : undefined}>
                        <td data-label={texts.columns.id}>
                          <a href={paths.thread(r.id)}>{r.id}</a>
                        </td>
                        <td data-label={texts.columns.customer}>
                          <span class="customer-name">{r.customerName ?? r.email}</span>
                          {r.customerName && <span class="muted block">{r.email}</span>}
                        </td>
                        <td data-label={texts.columns.contact}>{r.contactName ?? r.contactId}</td>
                        <td data-label={texts.columns.lang} lang={r.lang}>
                          {r.lang}
                        </td>
                        <td data-label={texts.columns.status}>
                          <StatusBadge status={r.status} />
                        </td>
                        <td data-label={texts.columns.employee}>
                          {r.employeeName ?? texts.nobody}
                          {r.tags.length > 0 && <span class="block muted" aria-label={texts.tags}>{r.tags.map((x) => `#${x}`).join(' ')}</span>}
                        </td>
                        <td class="preview" data-label={texts.columns.lastMessage}>
                          <time dateTime={r.lastMessageAt}>{formatDateTime(r.lastMessageAt, lang.value)}</time>
                          <span class="block">{r.lastMessagePreview}</span>
                        </td>
                        <td data-label={texts.columns.unread}>{r.unread > 0 ? <span class="badge">{texts.unreadCount(r.unread)}</span> : null}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <nav class="pages" aria-label={texts.title}>
                {query.get('cursor') && <a href={paths.threads({ ...params, cursor: undefined })}>{texts.first}</a>}
                {page.nextCursor && (
                  <a href={paths.threads({ ...params, cursor: page.nextCursor })} rel="next">
                    {texts.next}
                  </a>
                )}
              </nav>
            </>
          )
        }
      </Loading>
    </>
  );
}
