// Erasing a customer (T7) in DynamoDB: the erasure item that lists their threads, each thread taken off every index
// and counter in one transaction, then its items and everything that points at it.
import type { Message, Thread } from '../desk/model';
import { decideErase } from '../desk/threads';
import { counterItems, durationItems, randomShard } from './commit';
import { getCustomerWithOrders, type UnsavedMessage } from './customers';
import { addCounters, getItem, put, transact, withoutKeys, type Db, type Item, type TxItem } from './db';
import { key } from './keys';
import { getOutboxMail, type OutboxMail } from './outbox';
import { threadTombstone } from './threads';

export const messagesOf = (items: Item[]) => items.filter((i) => i.entity === 'message').map((i) => withoutKeys<Message>(i));

/** The outbox mails of a thread: linked from its partition, and the ones its replies name (mails older than the links). */
export function outboxIdsOf(items: Item[]): string[] {
  const linked = items.filter((i) => i.entity === 'outbox-link').map((i) => i.outboxId as string);
  const named = messagesOf(items).flatMap((m) => (m.delivery?.outboxId ? [m.delivery.outboxId] : []));
  return [...new Set([...linked, ...named])];
}

export async function outboxMailsOf(db: Db, items: Item[]): Promise<OutboxMail[]> {
  return (await Promise.all(outboxIdsOf(items).map((o) => getOutboxMail(db, o)))).filter((m): m is OutboxMail => Boolean(m));
}

/** The threads an earlier erasure of this address listed (it may have stopped half-way). */
export async function erasureThreadIds(db: Db, email: string): Promise<string[]> {
  return (await getItem<{ threadIds: string[] }>(db, key.erasure(email)))?.threadIds ?? [];
}

export async function saveErasure(db: Db, email: string, threadIds: string[], at: string): Promise<void> {
  await transact(db, [put({ ...key.erasure(email), entity: 'erasure', threadIds, at })]);
}

/** The thread leaves every index and every counter in one transaction (T7: counters exact). */
export async function takeOffCounters(db: Db, thread: Thread, partition: Item[]): Promise<void> {
  const taken = decideErase(thread, messagesOf(partition));
  const shard = randomShard();
  await transact(db, [
    put(threadTombstone(thread), 'version = :v', { ':v': thread.version }),
    ...partition.filter((i) => i.entity === 'thread-tag').map((i) => del({ pk: i.pk as string, sk: i.sk as string })),
    ...counterItems(taken.counters, shard),
    ...taken.assigned.flatMap((a) => addCounters(key.assigned(a.employeeId, shard), { threads: a.delta }) ?? []),
    ...taken.tagCounts.flatMap((t) => addCounters(key.tagCount(t.tag, shard), { threads: t.delta }) ?? []),
    ...durationItems(taken.durations, -1),
  ]);
}

/**
 * Deletes a taken-off thread's items and what points at it (message pointers, attachments, outbox mails, the
 * Message-IDs it was known by, its slot); the tombstone goes last, so that until then a retry finds the thread.
 */
export async function deleteThreadRecords(db: Db, partition: Item[], outbox: OutboxMail[]): Promise<void> {
  const row = partition.find((i) => i.sk === 'THREAD')!;
  const messages = messagesOf(partition);
  const mailIds = new Set<string>([
    ...((row.references as string[] | undefined) ?? []),
    ...messages.flatMap((m) => (m.messageIdHeader ? [m.messageIdHeader] : [])),
    ...outbox.flatMap((o) => (o.deliveredMessageId ? [o.deliveredMessageId] : [])),
  ]);
  await deleteAll(db, [
    ...partition.filter((i) => i.sk !== 'THREAD').map((i) => del({ pk: i.pk as string, sk: i.sk as string })),
    ...messages.filter((m) => m.kind === 'employee').map((m) => del(key.messagePointer(m.id))),
    ...messages.flatMap((m) => m.attachments).map((a) => del(key.attachment(a.id))),
    ...outboxIdsOf(partition).map((o) => del(key.outbox(o))),
    ...[...mailIds].map((m) => del(key.mailId(m))),
    del(key.threadSlot(row.email as string, row.contactId as string, (row.orderReference as string | undefined) ?? undefined)),
  ]);
  await transact(db, [del(key.thread(row.id as string))]);
}

/** Deletes a message to a contact that saves none: its mails, its attachments' items and its own item (files first, by the caller). */
export async function deleteUnsavedMessage(db: Db, email: string, message: UnsavedMessage): Promise<void> {
  await deleteAll(db, [
    ...message.outboxIds.map((o) => del(key.outbox(o))),
    ...message.attachments.map((a) => del(key.attachment(a.id))),
    del(key.unsavedMessage(email, message.id)),
  ]);
}

/** Deletes the customer's profile, orders (and the order pointers that still name them) and the erasure item. */
export async function deleteCustomerRecords(db: Db, email: string): Promise<{ orders: number; customer: boolean }> {
  const shop = await getCustomerWithOrders(db, email);
  const items: TxItem[] = [];
  for (const o of shop.orders) {
    items.push(del(key.customerOrder(email, o.reference)));
    const pointer = await getItem<{ customerEmail: string }>(db, key.order(o.reference));
    if (pointer?.customerEmail === email) items.push(del(key.order(o.reference)));
  }
  if (shop.customer) items.push(del(key.customer(email)));
  items.push(del(key.erasure(email)));
  await deleteAll(db, items);
  return { orders: shop.orders.length, customer: Boolean(shop.customer) };
}

const del = (k: { pk: string; sk: string }): TxItem => ({ Delete: { TableName: '', Key: k } });

/** Deletes in transactions of at most 100 items, each key once; deleting what is already gone is no error. */
async function deleteAll(db: Db, items: TxItem[]): Promise<void> {
  const unique = [...new Map(items.map((i) => [`${i.Delete!.Key!.pk}\u0000${i.Delete!.Key!.sk}`, i])).values()];
  for (let i = 0; i < unique.length; i += 100) await transact(db, unique.slice(i, i + 100));
}
