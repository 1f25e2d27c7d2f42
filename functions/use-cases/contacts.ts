// Contacts (C1) managed by admins; a contact with threads is never deleted out from under them.
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { Conflict, Invalid, NotFound } from '../desk/errors';
import type { Contact, Localized } from '../desk/model';
import { decideMove } from '../desk/threads';
import type { Deps } from '../deps';
import { commit, COUNTER_SHARDS } from '../store/commit';
import { contactItem, getContact, listContacts } from '../store/contacts';
import { put, queryPartition, transact, withRetries } from '../store/db';
import { key } from '../store/keys';
import { getThread, threadFrom } from '../store/threads';

export function contactView(c: Contact) {
  return { id: c.id, name: c.name, description: c.description, email: c.email, saveMessages: c.saveMessages, position: c.position };
}

export async function createContact(deps: Deps, input: { name: Localized; description?: Localized; email: string; saveMessages: boolean; position?: number }) {
  const existing = await listContacts(deps.db);
  const contact: Contact = {
    id: deps.ids.newId(),
    name: input.name,
    description: input.description ?? { en: '' },
    email: input.email,
    saveMessages: input.saveMessages,
    position: input.position ?? Math.max(0, ...existing.map((c) => c.position)) + 1,
    version: 0,
  };
  await transact(deps.db, [put(contactItem(contact), 'attribute_not_exists(pk)')]);
  return contactView(contact);
}

export async function updateContact(deps: Deps, id: string, patch: Partial<Omit<Contact, 'id' | 'version'>>) {
  return withRetries(async () => {
    const contact = await getContact(deps.db, id);
    if (!contact) throw new NotFound('No contact with this id.');
    const next: Contact = { ...contact, ...stripUndefined(patch), version: contact.version + 1 };
    await transact(deps.db, [put(contactItem(next), 'version = :v', { ':v': contact.version })]);
    return contactView(next);
  });
}

/** Refused with 409 while threads use the contact, unless `moveTo` names the contact that takes them over. */
export async function deleteContact(deps: Deps, id: string, moveTo?: string) {
  const contact = await getContact(deps.db, id);
  if (!contact) throw new NotFound('No contact with this id.');
  if (moveTo === id) throw new Invalid('A contact cannot take over its own threads.', [{ field: 'query.moveTo', message: 'Name another contact.' }], 'unknown-reference');
  const target = moveTo ? await getContact(deps.db, moveTo) : undefined;
  if (moveTo && !target) throw new Invalid('The contact to move threads to does not exist.', [{ field: 'query.moveTo', message: 'No such contact.' }], 'unknown-reference');
  let shards = await boxShards(deps, id);
  const threads = threadsIn(shards);
  if (threads > 0) {
    if (!target) throw new Conflict(`This contact has ${threads} threads. Delete it with ?moveTo=<contactId> to move them to another contact.`, { threads });
    await moveThreads(deps, id, target.id);
    shards = await boxShards(deps, id);
    if (threadsIn(shards) > 0) throw new Conflict('New threads arrived for this contact while it was being deleted; try again.');
  }
  // Shards are picked at random per write, so a moved thread can leave +1 on one shard and -1 on another: the sum
  // is what counts. Each shard must still hold what was just read: a thread that arrived since (its transaction
  // checked that the contact exists, store/commit.ts) changed one of them and stops the deletion.
  await transact(deps.db, [
    { Delete: { TableName: '', Key: key.contact(id), ConditionExpression: 'attribute_exists(pk)' } },
    ...Array.from({ length: COUNTER_SHARDS }, (_, shard) => unchangedShard(key.box(id, shard), shards)),
  ]).catch((error: unknown) => {
    if ((error as Error).name === 'ConditionFailed') throw new Conflict('New threads arrived for this contact while it was being deleted; try again.');
    throw error;
  });
}

const threadsIn = (shards: Record<string, unknown>[]) => shards.reduce((sum, s) => sum + Number(s.total ?? 0), 0);

function unchangedShard(shardKey: { pk: string; sk: string }, read: Record<string, unknown>[]) {
  const total = read.find((s) => s.sk === shardKey.sk)?.total;
  return {
    Delete: {
      TableName: '',
      Key: shardKey,
      ConditionExpression: total === undefined ? 'attribute_not_exists(#t)' : '#t = :t',
      ExpressionAttributeNames: { '#t': 'total' },
      ...(total === undefined ? {} : { ExpressionAttributeValues: { ':t': total } }),
    },
  };
}

async function boxShards(deps: Deps, contactId: string): Promise<Record<string, unknown>[]> {
  return queryPartition(deps.db, key.counters().pk, key.boxPrefix(contactId));
}

async function moveThreads(deps: Deps, from: string, to: string): Promise<void> {
  for (;;) {
    const res = await deps.db.doc.send(
      new QueryCommand({ TableName: deps.db.table, IndexName: 'byContact', KeyConditionExpression: 'gsiContact = :c', ExpressionAttributeValues: { ':c': from }, Limit: 100 }),
    );
    const ids = (res.Items ?? []).map((i) => threadFrom(i).id);
    if (ids.length === 0) return;
    for (const threadId of ids) {
      await withRetries(async () => {
        const thread = await getThread(deps.db, threadId);
        if (!thread || thread.contactId !== from) return;
        await commit(deps.db, decideMove(thread, to));
      });
    }
  }
}

export function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
