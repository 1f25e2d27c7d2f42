// The dashboard (A1–A3): boxes, the status legend and statistics, read from counters in O(contacts + days).
import type { Lang } from '../desk/model';
import { STATUSES } from '../desk/model';
import { daysBack, medianOf, mergeHistograms, statisticsFrom, type Histogram, type Period, type StatusCounts } from '../desk/statistics';
import { localize, STATUS_LEGEND } from '../desk/vocabulary';
import type { Deps } from '../deps';
import { knownContacts } from '../store/contacts';
import { queryAll, queryPartition, type Db } from '../store/db';
import { DURATION_PREFIX } from '../store/commit';
import { key } from '../store/keys';
import { oldestOpenThreadId } from '../store/threads';

const ZERO: StatusCounts = { total: 0, open: 0, closed: 0, pending1: 0, pending2: 0, unread: 0, customerMessages: 0, employeeMessages: 0, unassigned: 0 };

/** `employeeId`: the caller, whose "mine" count is given (T1). */
export async function dashboard(deps: Deps, lang: Lang, employeeId: string) {
  const [contacts, counters, firstResponse, timeToClose] = await Promise.all([
    knownContacts(deps.db),
    queryPartition<Record<string, unknown>>(deps.db, key.counters().pk),
    medians(deps.db, 'firstResponse', deps.now()),
    medians(deps.db, 'timeToClose', deps.now()),
  ]);
  const countsOf = (prefix: string) => sumCounters(counters.filter((c) => (c.sk as string).startsWith(prefix)));
  const boxes = await Promise.all(
    contacts.map(async (c) => {
      const counts = countsOf(key.boxPrefix(c.id));
      return {
        contactId: c.id,
        name: localize(c.name, lang),
        saveMessages: c.saveMessages,
        total: counts.total,
        open: counts.open,
        unread: counts.unread,
        pending: counts.pending1 + counts.pending2,
        closed: counts.closed,
        unassigned: counts.unassigned,
        oldestOpenThreadId: counts.open > 0 ? await oldestOpenThreadId(deps.db, c.id) : null,
      };
    }),
  );
  return {
    boxes,
    statuses: STATUSES.map((s) => ({ status: s, label: STATUS_LEGEND[s].label[lang], color: STATUS_LEGEND[s].color, meaning: STATUS_LEGEND[s].meaning[lang] })),
    // The desk's totals are the sum of every box, deleted contacts' included (their threads were moved with their counts).
    statistics: statisticsFrom(countsOf(key.boxesPrefix()), { firstResponse, timeToClose }),
    // Not-closed threads: in the caller's charge, and in nobody's (T1).
    assignment: {
      mine: counters.filter((c) => (c.sk as string).startsWith(key.assignedPrefix(employeeId))).reduce((n, c) => n + Number(c.threads ?? 0), 0),
      unassigned: countsOf(key.boxesPrefix()).unassigned,
    },
  };
}

/** The counters are sharded (see store/commit.ts): a box or the desk is the sum of its shards. */
export function sumCounters(shards: Record<string, unknown>[]): StatusCounts {
  const out: StatusCounts = { ...ZERO };
  for (const shard of shards) for (const k of Object.keys(ZERO) as (keyof StatusCounts)[]) out[k] += Number(shard[k] ?? 0);
  return out;
}

async function medians(db: Db, kind: 'firstResponse' | 'timeToClose', now: Date): Promise<Record<Period, number | null>> {
  const pk = key.durations(kind, 'ALL').pk;
  // One query: the day keys (YYYY-MM-DD) sort before `ALL`, so the range from 30 days back holds both.
  const items = await queryAll<Record<string, unknown>>(db, {
    KeyConditionExpression: 'pk = :pk AND sk >= :from',
    ExpressionAttributeValues: { ':pk': pk, ':from': daysBack(now, 30) },
    ConsistentRead: true,
  });
  const today = now.toISOString().slice(0, 10);
  const days = items.filter((d) => d.sk !== 'ALL' && (d.sk as string) <= today);
  const last7 = daysBack(now, 7);
  return {
    allTime: medianOf(histogramOf(items.find((d) => d.sk === 'ALL'))),
    last30Days: medianOf(mergeHistograms(days.map(histogramOf))),
    last7Days: medianOf(mergeHistograms(days.filter((d) => (d.sk as string) >= last7).map(histogramOf))),
  };
}

function histogramOf(item: Record<string, unknown> | undefined): Histogram {
  const out: Histogram = {};
  for (const [k, v] of Object.entries(item ?? {})) if (k.startsWith(DURATION_PREFIX) && /^\d+$/.test(k.slice(DURATION_PREFIX.length))) out[Number(k.slice(DURATION_PREFIX.length))] = v as number;
  return out;
}
