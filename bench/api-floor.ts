// The API benchmark's floor: per scenario, the DynamoDB calls that docs/data-model.md lists for its route, issued with
// the SDK alone (no HTTP, no handler, no use-case), so that any call the desk makes beyond the data model shows in the ratio.
// Written items are copies of the ones the desk wrote for a seed thread, so they have the desk's sizes.
import { createHash, randomBytes } from 'node:crypto';
import { BatchGetCommand, GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

type Item = Record<string, unknown>;
type Op = (i: number) => Promise<unknown>;

export interface FloorSetting {
  doc: DynamoDBDocumentClient;
  table: string;
  /** The bearer token the desk is driven with, and its employee. */
  token: string;
  employeeId: string;
  /** Seed threads, each made by one form submit of its own customer. */
  threads: string[];
  contactId: string;
}

const WAITING = ['open', 'pending1', 'pending2'];
const WINDOW_SECONDS = 600;
const newId = () => randomBytes(12).toString('base64url');
const shard = () => Math.floor(Math.random() * 8);

export async function floorScenarios(s: FloorSetting): Promise<Record<'submit' | 'list' | 'view' | 'reply' | 'dashboard', Op>> {
  const send = <T>(command: object) => s.doc.send(command as never) as Promise<T>;
  const query = async (input: Item): Promise<Item[]> => (await send<{ Items?: Item[] }>(new QueryCommand({ TableName: s.table, ...input } as never))).Items ?? [];
  const partition = (pk: string) => query({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ConsistentRead: true });
  const tokenKey = { pk: `TOKEN#${createHash('sha256').update(s.token).digest('hex')}`, sk: 'TOKEN' };
  const employeeKey = { pk: 'EMPLOYEES', sk: `EMPLOYEE#${s.employeeId}` };
  const batchGet = (keys: Item[]) => send(new BatchGetCommand({ RequestItems: { [s.table]: { Keys: keys, ConsistentRead: true } } }));
  // Every agent route: the token and its employee, both strongly consistent, in one call.
  const auth = () => batchGet([tokenKey, employeeKey]);
  const transact = (items: Item[]) => send(new TransactWriteCommand({ TransactItems: items.map((i) => addTable(i, s.table)) as never }));
  const template = await seedTemplate(s, partition);

  const submit: Op = async (i) => {
    const email = `floor${i}-${Date.now()}@example.com`;
    const now = new Date();
    const window = Math.floor(now.getTime() / 1000 / WINDOW_SECONDS);
    const rate = (kind: string, value: string) =>
      send(
        new UpdateCommand({
          TableName: s.table,
          Key: { pk: `RATE#${kind}#${value}#${window}`, sk: 'RATE' },
          UpdateExpression: 'ADD attempts :one SET expiresAtEpoch = :ttl',
          ExpressionAttributeValues: { ':one': 1, ':ttl': (window + 2) * WINDOW_SECONDS },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
    await rate('ip', '127.0.0.1');
    await rate('email', email);
    const slotKey = { pk: `SLOT#${email}#${s.contactId}#`, sk: 'SLOT' };
    await batchGet([slotKey, { pk: `CUSTOMER#${email}`, sk: 'PROFILE' }]);
    await query({
      IndexName: 'byEmail',
      KeyConditionExpression: 'gsiEmail = :e',
      FilterExpression: 'contactId = :c AND #s <> :closed AND attribute_not_exists(orderReference)',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':e': email, ':c': s.contactId, ':closed': 'closed' },
      ScanIndexForward: false,
    });
    const threadId = newId();
    const at = now.toISOString();
    const thread = { ...template.thread, pk: `THREAD#${threadId}`, id: threadId, email, gsiEmail: email, createdAt: at, lastMessageAt: at, activity: `${at}#${threadId}`, version: 1 };
    const message = { ...template.customerMessage, pk: `THREAD#${threadId}`, sk: `MESSAGE#${at}#${newId()}`, threadId, createdAt: at };
    const mails = template.outbox.flatMap((o) => {
      const id = newId();
      return [
        { Put: { Item: { ...o, pk: `OUTBOX#${id}`, id, threadId, createdAt: at }, ConditionExpression: 'attribute_not_exists(pk)' } },
        { Put: { Item: { pk: `THREAD#${threadId}`, sk: `OUTBOX#${id}`, entity: 'outbox-link', outboxId: id }, ConditionExpression: 'attribute_not_exists(pk)' } },
      ];
    });
    await transact([
      { Put: { Item: thread, ConditionExpression: 'attribute_not_exists(pk)' } },
      { ConditionCheck: { Key: { pk: 'CONTACTS', sk: `CONTACT#${s.contactId}` }, ConditionExpression: 'attribute_exists(pk)' } },
      { Put: { Item: message, ConditionExpression: 'attribute_not_exists(pk)' } },
      addCounters(`BOX#${s.contactId}#${shard()}`, { total: 1, open: 1, unread: 1, customerMessages: 1, unassigned: 1 }),
      ...mails,
      { Put: { Item: { ...slotKey, entity: 'thread-slot', threadId }, ConditionExpression: 'attribute_not_exists(pk)' } },
    ]);
  };

  const list: Op = async () => {
    await auth();
    await query({ IndexName: 'byActivity', KeyConditionExpression: 'gsiAll = :p', ExpressionAttributeValues: { ':p': 'THREAD' }, ScanIndexForward: false, Limit: 25 });
  };

  const view: Op = async (i) => {
    await auth();
    const items = await partition(`THREAD#${s.threads[i % s.threads.length]}`);
    const thread = items.find((x) => x.sk === 'THREAD')!;
    await Promise.all([
      partition(`CUSTOMER#${thread.email as string}`),
      query({ IndexName: 'byEmail', KeyConditionExpression: 'gsiEmail = :e', ExpressionAttributeValues: { ':e': thread.email }, ScanIndexForward: false, Limit: 21 }),
      nextWaiting(query, thread.activity as string),
    ]);
  };

  const reply: Op = async (i) => {
    await auth();
    const threadId = s.threads[i % s.threads.length]!;
    const items = await partition(`THREAD#${threadId}`);
    const thread = items.find((x) => x.sk === 'THREAD')!;
    const at = new Date().toISOString();
    const messageId = newId();
    const outboxId = newId();
    const version = thread.version as number;
    await transact([
      { Put: { Item: { ...thread, lastMessageAt: at, activity: `${at}#${threadId}`, lastMessageFrom: 'employee', version: version + 1 }, ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': version } } },
      { Put: { Item: { ...template.customerMessage, pk: `THREAD#${threadId}`, sk: `MESSAGE#${at}#${messageId}`, id: messageId, threadId, kind: 'employee', employeeId: s.employeeId, createdAt: at }, ConditionExpression: 'attribute_not_exists(pk)' } },
      { Put: { Item: { pk: `MESSAGE#${messageId}`, sk: 'MESSAGE', entity: 'message-pointer', threadId, createdAt: at }, ConditionExpression: 'attribute_not_exists(pk)' } },
      addCounters(`BOX#${thread.contactId as string}#${shard()}`, { employeeMessages: 1 }),
      { Put: { Item: { ...template.outbox[0]!, pk: `OUTBOX#${outboxId}`, id: outboxId, threadId, createdAt: at }, ConditionExpression: 'attribute_not_exists(pk)' } },
      { Put: { Item: { pk: `THREAD#${threadId}`, sk: `OUTBOX#${outboxId}`, entity: 'outbox-link', outboxId }, ConditionExpression: 'attribute_not_exists(pk)' } },
    ]);
  };

  const dashboard: Op = async () => {
    await auth();
    const since = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
    const durations = (kind: string) => query({ KeyConditionExpression: 'pk = :pk AND sk >= :from', ExpressionAttributeValues: { ':pk': `DURATIONS#${kind}`, ':from': since }, ConsistentRead: true });
    const [counters] = await Promise.all([partition('COUNTERS'), durations('firstResponse'), durations('timeToClose')]);
    // Each box with open threads leads to its oldest one (A1).
    const open = new Map<string, number>();
    for (const c of counters) {
      const box = /^BOX#(.+)#\d+$/.exec(c.sk as string)?.[1];
      if (box) open.set(box, (open.get(box) ?? 0) + Number(c.open ?? 0));
    }
    await Promise.all(
      [...open].filter(([, n]) => n > 0).map(([box]) =>
        query({ IndexName: 'byContactStatus', KeyConditionExpression: 'gsiContactStatus = :p', ExpressionAttributeValues: { ':p': `${box}#open` }, ScanIndexForward: true, Limit: 1, ProjectionExpression: 'id' }),
      ),
    );
  };

  return { submit, list, view, reply, dashboard };
}

/** The next thread waiting for an answer below the given activity: one query of the statuses that wait. */
async function nextWaiting(query: (input: Item) => Promise<Item[]>, below: string): Promise<void> {
  await Promise.all(
    WAITING.map((status) =>
      query({
        IndexName: 'byStatus',
        KeyConditionExpression: 'gsiStatus = :s AND activity < :below',
        FilterExpression: 'lastMessageFrom = :customer',
        ExpressionAttributeValues: { ':s': status, ':below': below, ':customer': 'customer' },
        ScanIndexForward: false,
        Limit: 50,
      }),
    ),
  );
}

/** What the desk wrote for the first seed thread: its thread and message items and its two outbox mails. */
async function seedTemplate(s: FloorSetting, partition: (pk: string) => Promise<Item[]>) {
  const items = await partition(`THREAD#${s.threads[0]}`);
  const outbox = await Promise.all(
    items
      .filter((x) => x.entity === 'outbox-link')
      .map(async (link) => (await s.doc.send(new GetCommand({ TableName: s.table, Key: { pk: `OUTBOX#${link.outboxId as string}`, sk: 'OUTBOX' } }))).Item!),
  );
  return {
    thread: items.find((x) => x.sk === 'THREAD')!,
    customerMessage: items.find((x) => x.entity === 'message')!,
    outbox,
  };
}

function addCounters(sk: string, delta: Record<string, number>): Item {
  const names = Object.keys(delta);
  return {
    Update: {
      Key: { pk: 'COUNTERS', sk },
      UpdateExpression: 'ADD ' + names.map((_, i) => `#c${i} :c${i}`).join(', '),
      ExpressionAttributeNames: Object.fromEntries(names.map((n, i) => [`#c${i}`, n])),
      ExpressionAttributeValues: Object.fromEntries(names.map((n, i) => [`:c${i}`, delta[n]])),
    },
  };
}

function addTable(item: Item, table: string): Item {
  const [kind, body] = Object.entries(item)[0]!;
  return { [kind]: { TableName: table, ...(body as Item) } };
}
