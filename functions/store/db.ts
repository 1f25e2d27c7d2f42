// The DynamoDB document client and the few generic operations every repository uses.
import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type QueryCommandInput,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { Unavailable } from '../desk/errors';

export interface Db {
  doc: DynamoDBDocumentClient;
  table: string;
}

export type TxItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
export type Item = Record<string, unknown>;

export function createDb(table: string, region: string, endpoint?: string): Db {
  const client = new DynamoDBClient({ region, endpoint, maxAttempts: 4 });
  return { doc: DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }), table };
}

export async function getItem<T = Item>(db: Db, key: { pk: string; sk: string }, consistent = true): Promise<T | undefined> {
  const res = await db.doc.send(new GetCommand({ TableName: db.table, Key: key, ConsistentRead: consistent }));
  return res.Item as T | undefined;
}

/** Up to 100 items by key in one call, strongly consistent, in no particular order; keys the table did not get to are asked again. */
export async function getItems(db: Db, keys: { pk: string; sk: string }[]): Promise<Item[]> {
  const found: Item[] = [];
  let pending: Record<string, unknown>[] = keys;
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, Math.random() * Math.min(200, 10 * 2 ** attempt)));
    const res = await db.doc.send(new BatchGetCommand({ RequestItems: { [db.table]: { Keys: pending, ConsistentRead: true } } }));
    found.push(...((res.Responses?.[db.table] ?? []) as Item[]));
    pending = res.UnprocessedKeys?.[db.table]?.Keys ?? [];
  }
  return found;
}

/** Every page of a query that is bounded by design (one contact list, one thread's messages). */
export async function queryAll<T = Item>(db: Db, input: Omit<QueryCommandInput, 'TableName'>): Promise<T[]> {
  const items: T[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const res = await db.doc.send(new QueryCommand({ TableName: db.table, ...input, ExclusiveStartKey: start }));
    items.push(...((res.Items ?? []) as T[]));
    start = res.LastEvaluatedKey;
  } while (start);
  return items;
}

export async function queryPartition<T = Item>(db: Db, pk: string, skPrefix?: string): Promise<T[]> {
  return queryAll<T>(db, {
    KeyConditionExpression: skPrefix ? 'pk = :pk AND begins_with(sk, :sk)' : 'pk = :pk',
    ExpressionAttributeValues: skPrefix ? { ':pk': pk, ':sk': skPrefix } : { ':pk': pk },
    ConsistentRead: true,
  });
}

export class ConditionFailed extends Error {
  constructor(readonly reasons: (string | undefined)[]) {
    super('A condition of the transaction failed');
    this.name = 'ConditionFailed';
  }
}

/** Writes all items or none; a failed condition surfaces as ConditionFailed with the reason per item. */
export async function transact(db: Db, items: TxItem[]): Promise<void> {
  if (items.length === 0) return;
  for (const item of items) {
    const op = item.Put ?? item.Update ?? item.Delete ?? item.ConditionCheck;
    if (op) op.TableName = db.table;
  }
  try {
    await db.doc.send(new TransactWriteCommand({ TransactItems: items }));
  } catch (error) {
    if (error instanceof TransactionCanceledException) {
      const reasons = (error.CancellationReasons ?? []).map((r) => r.Code);
      if (reasons.includes('ConditionalCheckFailed')) throw new ConditionFailed(reasons);
      // An item the table refuses (its size, a key's size): trying again cannot help.
      if (reasons.includes('ValidationError')) throw error;
      throw new Unavailable('The desk is busy; try again in a moment.', 1, { cause: error });
    }
    throw error;
  }
}

/**
 * Runs read-decide-commit again when another writer changed the data in between (optimistic concurrency),
 * for up to `budgetMs`, then answers 503 with Retry-After: well inside API Gateway's 30 s.
 */
export async function withRetries<T>(work: () => Promise<T>, options: { key?: string; budgetMs?: number } = {}): Promise<T> {
  if (options.key) return inTurn(options.key, () => withRetries(work, { budgetMs: options.budgetMs }));
  const deadline = Date.now() + (options.budgetMs ?? 8000);
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const retryable = error instanceof ConditionFailed || error instanceof Unavailable;
      if (!retryable) throw error;
      if (Date.now() >= deadline) throw new Unavailable('The desk is busy with this item; try again in a moment.', 1, { cause: error });
      // Full jitter, capped: many writers of one hot thread spread out instead of colliding again.
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(500, 10 * 2 ** attempt)));
    }
  }
}

const turns = new Map<string, Promise<unknown>>();

/**
 * Runs the writers of one item one after the other within this process, so they do not collide and
 * retry; across processes the conditional writes still decide.
 */
export async function inTurn<T>(key: string, work: () => Promise<T>): Promise<T> {
  const run = (turns.get(key) ?? Promise.resolve()).then(work, work);
  const tail = run.catch(() => undefined);
  turns.set(key, tail);
  try {
    return await run;
  } finally {
    if (turns.get(key) === tail) turns.delete(key);
  }
}

export function put(item: Item, condition?: string, values?: Item): TxItem {
  return { Put: { TableName: '', Item: item, ConditionExpression: condition, ExpressionAttributeValues: values } };
}

export function putNew(item: Item): TxItem {
  return put(item, 'attribute_not_exists(pk)');
}

/** ADD of numeric counters: commutative, so concurrent transactions never lose an increment. */
export function addCounters(keyOf: { pk: string; sk: string }, delta: Record<string, number | undefined>): TxItem | null {
  const entries = Object.entries(delta).filter(([, v]) => v !== undefined && v !== 0) as [string, number][];
  if (entries.length === 0) return null;
  return {
    Update: {
      TableName: '',
      Key: keyOf,
      UpdateExpression: 'ADD ' + entries.map((_, i) => `#c${i} :c${i}`).join(', '),
      ExpressionAttributeNames: Object.fromEntries(entries.map(([k], i) => [`#c${i}`, k])),
      ExpressionAttributeValues: Object.fromEntries(entries.map(([, v], i) => [`:c${i}`, v])),
    },
  };
}

export function withoutKeys<T>(item: Item): T {
  const { pk: _pk, sk: _sk, entity: _e, expiresAtEpoch: _t, ...rest } = item;
  return rest as T;
}

/** Adds one to the item's `attempts` (creating it with its expiry) and answers the new count. */
export async function countUp(db: Db, itemKey: { pk: string; sk: string }, expiresAtEpoch: number): Promise<number> {
  const res = await db.doc.send(
    new UpdateCommand({
      TableName: db.table,
      Key: itemKey,
      UpdateExpression: 'ADD attempts :one SET expiresAtEpoch = :ttl',
      ExpressionAttributeValues: { ':one': 1, ':ttl': expiresAtEpoch },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return Number(res.Attributes?.attempts ?? 0);
}

export async function putItem(db: Db, item: Item): Promise<void> {
  await db.doc.send(new PutCommand({ TableName: db.table, Item: item }));
}
