// Reading the sharded counters that store/commit.ts writes: a box, an employee's assignments or a tag is the sum of
// its shards (boxes and assignments in one partition, tags in another); and the duration histograms of the medians.
import type { Histogram, StatusCounts } from '../desk/statistics';
import { DURATION_PREFIX } from './commit';
import { queryAll, queryPartition, type Db, type Item } from './db';
import { key } from './keys';

const ZERO: StatusCounts = { total: 0, open: 0, closed: 0, pending1: 0, pending2: 0, unread: 0, customerMessages: 0, employeeMessages: 0, unassigned: 0 };

/** Every counter shard, read at once (one query), with the sums the dashboard asks of them. */
export interface Counters {
  box(contactId: string): StatusCounts;
  /** Every box together, deleted contacts' included (their threads were moved with their counts): the desk's totals. */
  allBoxes(): StatusCounts;
  /** Not-closed threads in this employee's charge (T1). */
  assigned(employeeId: string): number;
}

export async function readCounters(db: Db): Promise<Counters> {
  const shards = await queryPartition(db, key.counters().pk);
  const under = (prefix: string) => shards.filter((c) => (c.sk as string).startsWith(prefix));
  return {
    box: (contactId) => sumCounters(under(key.boxPrefix(contactId))),
    allBoxes: () => sumCounters(under(key.boxesPrefix())),
    assigned: (employeeId) => under(key.assignedPrefix(employeeId)).reduce((n, c) => n + Number(c.threads ?? 0), 0),
  };
}

function sumCounters(shards: Item[]): StatusCounts {
  const out: StatusCounts = { ...ZERO };
  for (const shard of shards) for (const k of Object.keys(ZERO) as (keyof StatusCounts)[]) out[k] += Number(shard[k] ?? 0);
  return out;
}

/** The threads of each tag in use (T2), summed over its shards. */
export async function tagCounts(db: Db): Promise<Map<string, number>> {
  const shards = await queryPartition(db, key.tagCounts().pk);
  const counts = new Map<string, number>();
  for (const s of shards) {
    const sk = s.sk as string;
    const tag = sk.slice('TAG#'.length, sk.lastIndexOf('#'));
    counts.set(tag, (counts.get(tag) ?? 0) + Number(s.threads ?? 0));
  }
  return counts;
}

/**
 * A duration's histograms (A3): overall, and per day from `fromDay` (YYYY-MM-DD) on. One query: the day keys sort
 * before `ALL`, so the range from the first day holds both.
 */
export async function durationHistograms(db: Db, kind: 'firstResponse' | 'timeToClose', fromDay: string): Promise<{ allTime: Histogram; days: { day: string; histogram: Histogram }[] }> {
  const items = await queryAll<Item>(db, {
    KeyConditionExpression: 'pk = :pk AND sk >= :from',
    ExpressionAttributeValues: { ':pk': key.durations(kind, 'ALL').pk, ':from': fromDay },
    ConsistentRead: true,
  });
  return {
    allTime: histogramOf(items.find((d) => d.sk === 'ALL')),
    days: items.filter((d) => d.sk !== 'ALL').map((d) => ({ day: d.sk as string, histogram: histogramOf(d) })),
  };
}

function histogramOf(item: Item | undefined): Histogram {
  const out: Histogram = {};
  for (const [k, v] of Object.entries(item ?? {})) if (k.startsWith(DURATION_PREFIX) && /^\d+$/.test(k.slice(DURATION_PREFIX.length))) out[Number(k.slice(DURATION_PREFIX.length))] = v as number;
  return out;
}
