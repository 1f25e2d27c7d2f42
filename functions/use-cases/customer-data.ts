// A customer's data (T7, GDPR articles 15 and 17): everything the desk holds about one address, exported or erased.
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AttachmentRef, Message, Thread } from '../desk/model';
import { decideErase } from '../desk/threads';
import type { Deps } from '../deps';
import { downloadUrl } from '../files/uploads';
import { counterItems, durationItems, randomShard } from '../store/commit';
import { getCustomerWithOrders } from '../store/customers';
import { addCounters, getItem, put, transact, withoutKeys, withRetries, type Db, type Item, type TxItem } from '../store/db';
import { key } from '../store/keys';
import { getOutboxMail, type OutboxMail } from '../store/outbox';
import { threadFrom, threadPartition, threadTombstone } from '../store/threads';
import { orderView } from './shop';
import { eventView, messageView, threadSummary } from './threads';

/** Every thread of the customer, all pages of the byEmail index (ids only): bounded by one customer's threads. */
async function customerThreadIds(db: Db, email: string): Promise<string[]> {
  const ids: string[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const res = await db.doc.send(
      new QueryCommand({ TableName: db.table, IndexName: 'byEmail', KeyConditionExpression: 'gsiEmail = :e', ExpressionAttributeValues: { ':e': email }, ProjectionExpression: 'id', ExclusiveStartKey: start }),
    );
    ids.push(...(res.Items ?? []).map((i) => i.id as string));
    start = res.LastEvaluatedKey;
  } while (start);
  return ids;
}

const messagesOf = (items: Item[]) => items.filter((i) => i.entity === 'message').map((i) => withoutKeys<Message>(i));

/** The outbox mails of a thread: linked from its partition, and the ones its replies name (mails older than the links). */
function outboxIdsOf(items: Item[]): string[] {
  const linked = items.filter((i) => i.entity === 'outbox-link').map((i) => i.outboxId as string);
  const named = messagesOf(items).flatMap((m) => (m.delivery?.outboxId ? [m.delivery.outboxId] : []));
  return [...new Set([...linked, ...named])];
}

export async function exportCustomer(deps: Deps, email: string) {
  const [shop, ids] = await Promise.all([getCustomerWithOrders(deps.db, email), customerThreadIds(deps.db, email)]);
  const threads = [];
  for (const id of ids) {
    const items = await threadPartition(deps.db, id);
    const row = items.find((i) => i.sk === 'THREAD');
    if (!row || row.entity !== 'thread') continue;
    const thread = threadFrom(row);
    const outbox = (await Promise.all(outboxIdsOf(items).map((o) => getOutboxMail(deps.db, o)))).filter((m): m is OutboxMail => Boolean(m));
    threads.push({
      ...threadSummary(thread),
      messages: await Promise.all(
        messagesOf(items).map(async (m) => ({
          ...(await messageView(m, thread)),
          internal: m.kind === 'note',
          attachments: await Promise.all(m.attachments.map(async (a) => ({ id: a.id, fileName: a.fileName, contentType: a.contentType, size: a.size, url: await downloadUrl(deps, a, 3600) }))),
        })),
      ),
      events: items.filter((i) => i.entity === 'event').map((i) => eventView(withoutKeys(i))),
      mailDeliveries: outbox
        .map((o) => ({ id: o.id, kind: o.kind, to: o.to.map((t) => t.address), cc: o.cc?.map((t) => t.address) ?? [], subject: o.subject, state: o.state, createdAt: o.createdAt, sesMessageId: o.sesMessageId ?? null, lastError: o.lastError ?? null }))
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
    });
  }
  return {
    email,
    exportedAt: deps.now().toISOString(),
    customer: shop.customer ? { firstName: shop.customer.firstName ?? null, lastName: shop.customer.lastName ?? null, registeredAt: shop.customer.registeredAt ?? null, updatedAt: shop.customer.updatedAt } : null,
    orders: shop.orders.map(orderView),
    threads,
  };
}

export interface ErasureReport {
  email: string;
  threads: number;
  messages: number;
  attachments: number;
  rawMails: number;
  orders: number;
  customer: boolean;
}

/**
 * Erases everything held about the customer (T7). Each thread first leaves every index and every counter in one
 * transaction (a tombstone conditioned on the version read), then its files and items go; the erasure item lists the
 * threads, so that a call that stopped half-way is finished by the next one, and a repeated call changes nothing.
 */
export async function eraseCustomer(deps: Deps, email: string): Promise<ErasureReport> {
  const erasure = await getItem<{ threadIds: string[] }>(deps.db, key.erasure(email));
  const ids = [...new Set([...(erasure?.threadIds ?? []), ...(await customerThreadIds(deps.db, email))])];
  if (ids.length > 0) await transact(deps.db, [put({ ...key.erasure(email), entity: 'erasure', threadIds: ids, at: deps.now().toISOString() })]);
  const report: ErasureReport = { email, threads: 0, messages: 0, attachments: 0, rawMails: 0, orders: 0, customer: false };
  for (const id of ids) {
    const done = await eraseThread(deps, id);
    if (!done) continue;
    report.threads++;
    report.messages += done.messages;
    report.attachments += done.attachments;
    report.rawMails += done.rawMails;
  }
  const shop = await getCustomerWithOrders(deps.db, email);
  const items: TxItem[] = [];
  for (const o of shop.orders) {
    items.push(del(key.customerOrder(email, o.reference)));
    const pointer = await getItem<{ customerEmail: string }>(deps.db, key.order(o.reference));
    if (pointer?.customerEmail === email) items.push(del(key.order(o.reference)));
  }
  if (shop.customer) items.push(del(key.customer(email)));
  items.push(del(key.erasure(email)));
  await deleteAll(deps.db, items);
  return { ...report, orders: shop.orders.length, customer: Boolean(shop.customer) };
}

const del = (k: { pk: string; sk: string }): TxItem => ({ Delete: { TableName: '', Key: k } });

/** Null when the thread is already gone. */
async function eraseThread(deps: Deps, id: string): Promise<{ messages: number; attachments: number; rawMails: number } | null> {
  const items = await withRetries(async () => {
    const partition = await threadPartition(deps.db, id);
    const row = partition.find((i) => i.sk === 'THREAD');
    if (!row) return null;
    if (row.entity === 'thread') await takeOffCounters(deps.db, threadFrom(row), partition);
    return partition;
  }, { key: `thread:${id}` });
  if (!items) return null;
  const row = items.find((i) => i.sk === 'THREAD')!;
  const messages = messagesOf(items);
  const attachments: AttachmentRef[] = messages.flatMap((m) => m.attachments);
  const rawKeys = [...new Set(messages.flatMap((m) => (m.rawKey ? [m.rawKey] : [])))];
  // Files first: while the items that name them remain, a retry can still find them.
  for (const objectKey of [...attachments.map((a) => a.key), ...rawKeys]) {
    await deps.s3.send(new DeleteObjectCommand({ Bucket: deps.config.bucketName, Key: objectKey }));
  }
  const outbox = await Promise.all(outboxIdsOf(items).map((o) => getOutboxMail(deps.db, o)));
  const mailIds = new Set<string>([
    ...((row.references as string[] | undefined) ?? []),
    ...messages.flatMap((m) => (m.messageIdHeader ? [m.messageIdHeader] : [])),
    ...outbox.flatMap((o) => (o?.deliveredMessageId ? [o.deliveredMessageId] : [])),
  ]);
  const deletes: TxItem[] = [
    ...items.filter((i) => i.sk !== 'THREAD').map((i) => del({ pk: i.pk as string, sk: i.sk as string })),
    ...messages.filter((m) => m.kind === 'employee').map((m) => del(key.messagePointer(m.id))),
    ...attachments.map((a) => del(key.attachment(a.id))),
    ...outboxIdsOf(items).map((o) => del(key.outbox(o))),
    ...[...mailIds].map((m) => del(key.mailId(m))),
    del(key.threadSlot(row.email as string, row.contactId as string, (row.orderReference as string | undefined) ?? undefined)),
  ];
  await deleteAll(deps.db, deletes);
  // The tombstone goes last: until then a retry finds the thread and finishes it.
  await transact(deps.db, [del(key.thread(id))]);
  return { messages: messages.length, attachments: attachments.length, rawMails: rawKeys.length };
}

/** The thread leaves every index and every counter in one transaction (T7: counters exact). */
async function takeOffCounters(db: Db, thread: Thread, partition: Item[]): Promise<void> {
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

/** Deletes in transactions of at most 100 items, each key once; deleting what is already gone is no error. */
async function deleteAll(db: Db, items: TxItem[]): Promise<void> {
  const unique = [...new Map(items.map((i) => [`${i.Delete!.Key!.pk}\u0000${i.Delete!.Key!.sk}`, i])).values()];
  for (let i = 0; i < unique.length; i += 100) await transact(db, unique.slice(i, i + 100));
}
