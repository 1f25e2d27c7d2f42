// The only place that turns a thread decision into one TransactWriteItems: thread, messages, counters, durations, outbox.
import type { CounterDelta, DurationSample, Message, ThreadDecision } from '../desk/model';
import { bucketOf, dayOf } from '../desk/statistics';
import { addCounters, put, putNew, transact, type Db, type TxItem } from './db';
import { key } from './keys';
import { mailIdItem, outboxItem, type OutboxMail } from './outbox';
import { eventItem, messageItem, threadItem, threadTagItem } from './threads';

export interface CommitExtras {
  outbox?: OutboxMail[];
  /** Idempotency records, upload claims, dedupe records: anything that must land with the change. */
  items?: TxItem[];
}

export async function commit(db: Db, decision: ThreadDecision, extras: CommitExtras = {}): Promise<void> {
  await transact(db, decisionItems(decision, extras));
}

export function decisionItems(decision: ThreadDecision, extras: CommitExtras = {}): TxItem[] {
  const items: TxItem[] = [threadWrite(decision), ...contactCheckItems(decision), ...tagCopyItems(decision)];
  for (const message of decision.messages) items.push(putNew(messageItem(message)), ...messageIndexItems(message));
  for (const event of decision.events) items.push(putNew(eventItem(event)));
  const shard = randomShard();
  items.push(...counterItems(decision.counters, shard));
  items.push(...decision.assigned.flatMap((a) => addCounters(key.assigned(a.employeeId, shard), { threads: a.delta }) ?? []));
  items.push(...decision.tagCounts.flatMap((t) => addCounters(key.tagCount(t.tag, shard), { threads: t.delta }) ?? []));
  items.push(...durationItems(decision.durations));
  for (const mail of extras.outbox ?? []) {
    items.push(putNew(outboxItem(mail)));
    if (mail.threadId) items.push(putNew({ ...key.threadOutbox(mail.threadId, mail.id), entity: 'outbox-link', outboxId: mail.id }));
  }
  items.push(...(extras.items ?? []));
  return items;
}

/**
 * A thread that comes to a contact (a new one, or one moved there) lands only while the contact exists: with the
 * contact deletion's condition on the contact's thread counts, a submit and a deletion can never both succeed
 * and leave a thread without its contact (C3).
 */
function contactCheckItems(decision: ThreadDecision): TxItem[] {
  if (decision.previous && decision.previous.contactId === decision.thread.contactId) return [];
  return [{ ConditionCheck: { TableName: '', Key: key.contact(decision.thread.contactId), ConditionExpression: 'attribute_exists(pk)' } }];
}

/** The thread's copy under each of its tags is rewritten with it; a tag taken off loses its copy (T2). */
function tagCopyItems(decision: ThreadDecision): TxItem[] {
  const tags = decision.thread.tags ?? [];
  const dropped = (decision.previous?.tags ?? []).filter((t) => !tags.includes(t));
  return [...tags.map((t) => put(threadTagItem(decision.thread, t))), ...dropped.map((t) => ({ Delete: { TableName: '', Key: key.threadTag(decision.thread.id, t) } }))];
}

function threadWrite(decision: ThreadDecision): TxItem {
  const item = threadItem(decision.thread);
  if (decision.expectedVersion === null) return putNew(item);
  return put(item, 'version = :v', { ':v': decision.expectedVersion });
}

/** Where a message can be found from its id (resend, delivery state) and from its mail Message-ID (threading). */
function messageIndexItems(message: Message): TxItem[] {
  const out: TxItem[] = [];
  if (message.kind === 'employee') {
    out.push(putNew({ ...key.messagePointer(message.id), entity: 'message-pointer', threadId: message.threadId, createdAt: message.createdAt }));
  }
  if (message.messageIdHeader) {
    out.push(mailIdItem(message.messageIdHeader, { threadId: message.threadId, messageId: message.id }));
  }
  return out;
}

/**
 * Every write touches the counters, so they are spread over shards (summed when read): concurrent
 * transactions on different threads rarely meet on the same counter item. The desk's totals are the sum
 * of all box shards, so no change writes a second, desk-wide counter.
 */
export const COUNTER_SHARDS = 8;

export const randomShard = () => Math.floor(Math.random() * COUNTER_SHARDS);

export function counterItems(changes: { contactId: string; delta: CounterDelta }[], shard = randomShard()): TxItem[] {
  return changes.flatMap((change) => addCounters(key.box(change.contactId, shard), change.delta as Record<string, number>) ?? []);
}

/** Histogram attributes: `s<bucket>` (functions/desk/statistics.ts); the `b…` of the first, doubling buckets are no longer read. */
export const DURATION_PREFIX = 's';

export function durationItems(samples: DurationSample[], sign: 1 | -1 = 1): TxItem[] {
  return samples.flatMap((s) => {
    const bucket = { [`${DURATION_PREFIX}${bucketOf(s.seconds)}`]: sign };
    return [addCounters(key.durations(s.kind, dayOf(s.at)), bucket)!, addCounters(key.durations(s.kind, 'ALL'), bucket)!];
  });
}
