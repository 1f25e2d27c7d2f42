// Threads and their collection (messages, events) in DynamoDB; the thread list's index choice and cursors.
import { createHash } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { Invalid } from '../desk/errors';
import { waitsForAnswer } from '../desk/threads';
import type { Message, Status, Thread, ThreadEvent } from '../desk/model';
import type { Customer } from './customers';
import { getItem, getItems, put, putNew, queryPartition, withoutKeys, type Db, type Item, type TxItem } from './db';
import { key } from './keys';
import { ACTIVITY, THREAD_INDEXES, type ThreadIndex } from './table-definition';

export function threadItem(thread: Thread): Item {
  return {
    ...key.thread(thread.id),
    entity: 'thread',
    ...thread,
    [ACTIVITY]: `${thread.lastMessageAt}#${thread.id}`,
    gsiAll: 'THREAD',
    gsiContact: thread.contactId,
    gsiStatus: thread.status,
    gsiContactStatus: `${thread.contactId}#${thread.status}`,
    // Dense: "unassigned" (T1) is a query of the `none` partition.
    gsiEmployee: thread.employeeId ?? UNASSIGNED,
    gsiEmail: thread.email,
    gsiOrder: thread.orderReference,
    gsiLang: thread.lang,
  };
}

export const UNASSIGNED = 'none';

/**
 * The copy of a thread under one of its tags (T2): the list row's attributes and the activity, in the byTag index only.
 * Rewritten in every transaction that writes the thread (store/commit.ts), so it never lags behind.
 */
export function threadTagItem(thread: Thread, tag: string): Item {
  return { ...key.threadTag(thread.id, tag), entity: 'thread-tag', ...thread, [ACTIVITY]: `${thread.lastMessageAt}#${thread.id}`, gsiTag: tag };
}

const INDEX_ATTRIBUTES = new Set(['activity', ...Object.values(THREAD_INDEXES)]);

export function threadFrom(item: Item): Thread {
  const out = withoutKeys<Record<string, unknown>>(item);
  for (const attribute of INDEX_ATTRIBUTES) delete out[attribute];
  return out as unknown as Thread;
}

export function messageItem(message: Message): Item {
  return { ...key.message(message.threadId, message.createdAt, message.id), entity: 'message', ...message };
}

export function eventItem(event: ThreadEvent): Item {
  return { ...key.event(event.threadId, event.createdAt, event.id), entity: 'event', ...event };
}

/** A thread being erased (T7) is only this: out of every index, found by nothing, until the rest of it is gone. */
export function threadTombstone(thread: Thread): Item {
  const { id, email, contactId, orderReference, references } = thread;
  return { ...key.thread(id), entity: 'erasing', id, email, contactId, orderReference, references, version: thread.version + 1 };
}

export async function getThread(db: Db, id: string): Promise<Thread | undefined> {
  const item = await getItem(db, key.thread(id));
  return item && item.entity === 'thread' ? threadFrom(item) : undefined;
}

/** Every item of a thread's partition, whatever its state (erasing included). */
export async function threadPartition(db: Db, id: string): Promise<Item[]> {
  return queryPartition(db, key.threadCollection(id).pk);
}

export interface ThreadCollection {
  thread: Thread;
  messages: Message[];
  events: ThreadEvent[];
  /** Every item of the thread's partition (messages, events, tag copies): what erasing it deletes (T7). */
  items: Item[];
}

/** The thread and everything in it with one query (paged only for very long threads). */
export async function getThreadCollection(db: Db, id: string): Promise<ThreadCollection | undefined> {
  const items = await queryPartition(db, key.threadCollection(id).pk);
  const threadRow = items.find((i) => i.sk === 'THREAD');
  if (!threadRow || threadRow.entity !== 'thread') return undefined;
  return {
    thread: threadFrom(threadRow),
    messages: items.filter((i) => i.entity === 'message').map((i) => withoutKeys<Message>(i)),
    events: items.filter((i) => i.entity === 'event').map((i) => withoutKeys<ThreadEvent>(i)),
    items,
  };
}

export interface ThreadFilters {
  contactId?: string;
  status?: Status;
  employeeId?: string;
  email?: string;
  lang?: string;
  orderReference?: string;
  tag?: string;
}

interface IndexPlan {
  index: ThreadIndex;
  partitionValue: string;
  /** Filters on the chosen index's pages: attribute and value; `none` as employee means no employee. */
  rest: [string, string][];
}

const FILTER_ATTRIBUTES: Record<keyof ThreadFilters, string> = {
  contactId: 'contactId',
  status: 'status',
  employeeId: 'employeeId',
  email: 'email',
  lang: 'lang',
  orderReference: 'orderReference',
  tag: 'tags',
};

/** The most selective index for the filters; the other filters are applied to that index's pages. */
export function planThreadQuery(f: ThreadFilters): IndexPlan {
  const given = (Object.entries(f) as [keyof ThreadFilters, string | undefined][]).filter(([, v]) => v !== undefined) as [keyof ThreadFilters, string][];
  const rest = (...used: (keyof ThreadFilters)[]) => given.filter(([k]) => !used.includes(k)).map(([k, v]) => [FILTER_ATTRIBUTES[k], v] as [string, string]);
  if (f.contactId && f.status) return { index: 'byContactStatus', partitionValue: `${f.contactId}#${f.status}`, rest: rest('contactId', 'status') };
  if (f.email) return { index: 'byEmail', partitionValue: f.email, rest: rest('email') };
  if (f.orderReference) return { index: 'byOrder', partitionValue: f.orderReference, rest: rest('orderReference') };
  if (f.tag) return { index: 'byTag', partitionValue: f.tag, rest: rest('tag') };
  if (f.employeeId) return { index: 'byEmployee', partitionValue: f.employeeId, rest: rest('employeeId') };
  if (f.contactId) return { index: 'byContact', partitionValue: f.contactId, rest: rest('contactId') };
  if (f.status) return { index: 'byStatus', partitionValue: f.status, rest: rest('status') };
  if (f.lang) return { index: 'byLang', partitionValue: f.lang, rest: rest('lang') };
  return { index: 'byActivity', partitionValue: 'THREAD', rest: [] };
}

/** At most this many queries fill one filtered page; a sparse filter returns a short page and a cursor. */
export const MAX_QUERIES_PER_PAGE = 4;

export interface ThreadPage {
  threads: Thread[];
  nextCursor: string | null;
  queries: number;
}

export async function listThreads(db: Db, filters: ThreadFilters, limit: number, cursor?: string): Promise<ThreadPage> {
  const plan = planThreadQuery(filters);
  const partitionAttribute = THREAD_INDEXES[plan.index];
  let start = cursor ? readCursor(cursor, plan, filters) : undefined;
  const threads: Thread[] = [];
  let queries = 0;
  do {
    const res = await db.doc.send(
      new QueryCommand({
        TableName: db.table,
        IndexName: plan.index,
        KeyConditionExpression: '#p = :p',
        FilterExpression: plan.rest.length > 0 ? plan.rest.map(filterCondition).join(' AND ') : undefined,
        ExpressionAttributeNames: { '#p': partitionAttribute, ...Object.fromEntries(plan.rest.map(([a], i) => [`#f${i}`, a])) },
        ExpressionAttributeValues: { ':p': plan.partitionValue, ...Object.fromEntries(plan.rest.flatMap(([a, v], i) => (filterCondition([a, v], i).includes(`:f${i}`) ? [[`:f${i}`, v]] : []))) },
        ScanIndexForward: false,
        Limit: plan.rest.length > 0 ? Math.max(limit * 4, 50) : limit - threads.length,
        ExclusiveStartKey: start,
      }),
    );
    queries++;
    for (const item of res.Items ?? []) {
      if (threads.length === limit) {
        start = lastKeyOf(threads[threads.length - 1]!, plan);
        return { threads, nextCursor: writeCursor(start, plan, filters), queries };
      }
      threads.push(threadFrom(item));
    }
    start = res.LastEvaluatedKey;
  } while (start && threads.length < limit && queries < MAX_QUERIES_PER_PAGE);
  if (threads.length === limit && start) start = lastKeyOf(threads[threads.length - 1]!, plan);
  return { threads, nextCursor: start ? writeCursor(start, plan, filters) : null, queries };
}

function filterCondition([attribute, value]: [string, string], i: number): string {
  if (attribute === 'employeeId' && value === UNASSIGNED) return `attribute_not_exists(#f${i})`;
  if (attribute === 'tags') return `contains(#f${i}, :f${i})`;
  return `#f${i} = :f${i}`;
}

/** The base-table key of a list item: the thread's, or its tag copy's on the byTag index. */
function baseKey(threadId: string, plan: IndexPlan) {
  return plan.index === 'byTag' ? key.threadTag(threadId, plan.partitionValue) : key.thread(threadId);
}

function lastKeyOf(thread: Thread, plan: IndexPlan): Record<string, unknown> {
  return { ...baseKey(thread.id, plan), [ACTIVITY]: `${thread.lastMessageAt}#${thread.id}`, [THREAD_INDEXES[plan.index]]: plan.partitionValue };
}

function filtersDigest(filters: ThreadFilters): string {
  const sorted = Object.entries(filters).filter(([, v]) => v !== undefined).sort(([a], [b]) => a.localeCompare(b));
  return createHash('sha256').update(JSON.stringify(sorted)).digest('base64url').slice(0, 16);
}

function writeCursor(lastKey: Record<string, unknown>, plan: IndexPlan, filters: ThreadFilters): string {
  return Buffer.from(JSON.stringify({ v: 1, q: filtersDigest(filters), a: lastKey[ACTIVITY] })).toString('base64url');
}

const badCursor = () => new Invalid('The cursor is not valid for this query.', [{ field: 'query.cursor', message: 'Use the nextCursor of the same query, unchanged.' }], 'unknown-reference');

/** The cursor holds only the position; the key is rebuilt from it and checked against the query, so it cannot be edited into another one. */
function readCursor(cursor: string, plan: IndexPlan, filters: ThreadFilters): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  const c = parsed as { v?: unknown; q?: unknown; a?: unknown };
  if (c?.v !== 1 || c.q !== filtersDigest(filters) || typeof c.a !== 'string') throw badCursor();
  const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)#([A-Za-z0-9_-]{1,64})$/.exec(c.a);
  if (!match) throw badCursor();
  return { ...baseKey(match[2]!, plan), [ACTIVITY]: c.a, [THREAD_INDEXES[plan.index]]: plan.partitionValue };
}

interface IndexQuery {
  index: ThreadIndex;
  value: string;
  newestFirst?: boolean;
  limit?: number;
  /** Only rows whose activity sorts before this one. */
  below?: string;
  filter?: { expression: string; names?: Record<string, string>; values?: Record<string, unknown> };
  projection?: string;
  start?: Record<string, unknown>;
}

/** One page of a thread index, its partition attribute and sort key taken from the table definition. */
async function queryIndex(db: Db, q: IndexQuery): Promise<{ items: Item[]; next?: Record<string, unknown> }> {
  const res = await db.doc.send(
    new QueryCommand({
      TableName: db.table,
      IndexName: q.index,
      KeyConditionExpression: q.below ? '#p = :p AND #a < :below' : '#p = :p',
      FilterExpression: q.filter?.expression,
      ProjectionExpression: q.projection,
      ExpressionAttributeNames: { '#p': THREAD_INDEXES[q.index], ...(q.below ? { '#a': ACTIVITY } : {}), ...q.filter?.names },
      ExpressionAttributeValues: { ':p': q.value, ...(q.below ? { ':below': q.below } : {}), ...q.filter?.values },
      ScanIndexForward: !q.newestFirst,
      Limit: q.limit,
      ExclusiveStartKey: q.start,
    }),
  );
  return { items: res.Items ?? [], next: res.LastEvaluatedKey };
}

/** Every page of an index partition whose size is bounded by design (one customer's threads, one contact's). */
async function allOfIndex(db: Db, q: IndexQuery): Promise<Item[]> {
  const items: Item[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await queryIndex(db, { ...q, start });
    items.push(...page.items);
    start = page.next;
  } while (start);
  return items;
}

/** A customer's threads, newest activity first (T4): one query of the byEmail index. */
export async function customerThreads(db: Db, email: string, limit: number): Promise<Thread[]> {
  const { items } = await queryIndex(db, { index: 'byEmail', value: email, newestFirst: true, limit });
  return items.map(threadFrom);
}

/** The ids of every thread of a customer (T7). */
export async function customerThreadIds(db: Db, email: string): Promise<string[]> {
  return (await allOfIndex(db, { index: 'byEmail', value: email, projection: 'id' })).map((i) => i.id as string);
}

/** Up to `limit` thread ids of a contact's box, in no useful order: what moving a box's threads walks through. */
export async function contactThreadIds(db: Db, contactId: string, limit: number): Promise<string[]> {
  return (await queryIndex(db, { index: 'byContact', value: contactId, limit, projection: 'id' })).items.map((i) => i.id as string);
}

/** The id of the newest thread of this customer about this order. */
export async function orderThreadId(db: Db, reference: string, email: string): Promise<string | undefined> {
  const items = await allOfIndex(db, { index: 'byOrder', value: reference, newestFirst: true, projection: 'id, email' });
  return items.find((i) => i.email === email)?.id as string | undefined;
}

/** The oldest thread of a box that is still open: the one a box leads to (A1). */
export async function oldestOpenThreadId(db: Db, contactId: string): Promise<string | null> {
  const { items } = await queryIndex(db, { index: 'byContactStatus', value: `${contactId}#open`, limit: 1, projection: 'id' });
  return (items[0]?.id as string | undefined) ?? null;
}

/** The newest thread in this status whose activity sorts before `below` and that waits for an answer (A3). */
export async function newestWaitingThread(db: Db, status: Status, below?: string): Promise<{ id: string; activity: string } | null> {
  let start: Record<string, unknown> | undefined;
  for (let page = 0; page < 20; page++) {
    const res = await queryIndex(db, {
      index: 'byStatus',
      value: status,
      below,
      newestFirst: true,
      limit: 50,
      start,
      filter: { expression: 'lastMessageFrom = :customer', values: { ':customer': 'customer' } },
    });
    const hit = res.items.find((i) => waitsForAnswer(threadFrom(i)));
    if (hit) return { id: hit.id as string, activity: hit[ACTIVITY] as string };
    start = res.next;
    if (!start) return null;
  }
  return null;
}

/** The customer's thread with this contact and order (or no order) that is not closed (C3). */
export async function findOpenThread(db: Db, email: string, contactId: string, orderReference?: string): Promise<Thread | null> {
  let start: Record<string, unknown> | undefined;
  do {
    const res = await queryIndex(db, {
      index: 'byEmail',
      value: email,
      newestFirst: true,
      start,
      filter: {
        expression: orderReference ? 'contactId = :c AND #s <> :closed AND orderReference = :o' : 'contactId = :c AND #s <> :closed AND attribute_not_exists(orderReference)',
        names: { '#s': 'status' },
        values: { ':c': contactId, ':closed': 'closed', ...(orderReference ? { ':o': orderReference } : {}) },
      },
    });
    const found = res.items[0];
    if (found) {
      const fresh = await getThread(db, threadFrom(found).id);
      if (fresh && fresh.status !== 'closed') return fresh;
    }
    start = res.next;
  } while (start);
  return null;
}

/** A customer's conversation with one contact about one order (or none): its slot names the thread that holds it (C3). */
export interface Slot {
  email: string;
  contactId: string;
  orderReference?: string;
}

export async function slotThreadId(db: Db, slot: Slot): Promise<string | undefined> {
  return (await getItem<{ threadId: string }>(db, key.threadSlot(slot.email, slot.contactId, slot.orderReference)))?.threadId;
}

/**
 * The thread the slot names and the shop's profile of the customer, in one call: what a form submit needs to read
 * (either may be left out: no slot for a contact that keeps no messages, no profile when the form gave a name).
 */
export async function slotAndProfile(db: Db, slot: Slot | undefined, customerEmail: string | undefined): Promise<{ slotHolder?: string; customer?: Customer }> {
  const slotKey = slot ? key.threadSlot(slot.email, slot.contactId, slot.orderReference) : undefined;
  const profileKey = customerEmail === undefined ? undefined : key.customer(customerEmail);
  const keys = [slotKey, profileKey].filter((k) => k !== undefined);
  if (keys.length === 0) return {};
  const items = await getItems(db, keys);
  const profile = items.find((i) => i.pk === profileKey?.pk);
  return { slotHolder: items.find((i) => i.pk === slotKey?.pk)?.threadId as string | undefined, customer: profile ? withoutKeys<Customer>(profile) : undefined };
}

/** Points the slot at a new thread, on condition that it still names the thread read (or none): two first messages at once make one thread. */
export function slotClaimItem(slot: Slot, threadId: string, readThreadId: string | undefined): TxItem {
  const claim = { ...key.threadSlot(slot.email, slot.contactId, slot.orderReference), entity: 'thread-slot', threadId };
  return readThreadId ? put(claim, 'threadId = :seen', { ':seen': readThreadId }) : putNew(claim);
}
