// Contacts (C1) live in one partition: the form's list and the dashboard's boxes are one query each.
import type { Contact } from '../desk/model';
import { COUNTER_SHARDS } from './commit';
import { cachedRead, forgetCopy } from './container-cache';
import { getItem, put, queryPartition, transact, withoutKeys, type Db, type Item } from './db';
import { key } from './keys';

export function contactItem(contact: Contact): Item {
  return { ...key.contact(contact.id), entity: 'contact', ...contact };
}

export async function listContacts(db: Db): Promise<Contact[]> {
  const items = await queryPartition(db, key.contacts().pk, 'CONTACT#');
  return items.map((i) => withoutKeys<Contact>(i)).sort((a, b) => a.position - b.position || a.id.localeCompare(b.id));
}

export async function getContact(db: Db, id: string): Promise<Contact | undefined> {
  const item = await getItem(db, key.contact(id));
  return item ? withoutKeys<Contact>(item) : undefined;
}

const CONTACTS_COPY = 'contacts';

/** The contacts as this container read them at most CACHE_SECONDS ago (store/container-cache.ts): for reading, never for changing them. */
export function knownContacts(db: Db): Promise<Contact[]> {
  return cachedRead(db, CONTACTS_COPY, () => listContacts(db));
}

/** A contact from the container's copy; one missing from it (made through another container just now) is read from the table. */
export async function knownContact(db: Db, id: string): Promise<Contact | undefined> {
  return (await knownContacts(db)).find((c) => c.id === id) ?? (await getContact(db, id));
}

/** A new contact, or a change conditioned on the version read (optimistic concurrency). */
export async function putContact(db: Db, contact: Contact, readVersion?: number): Promise<void> {
  try {
    await transact(db, [readVersion === undefined ? put(contactItem(contact), 'attribute_not_exists(pk)') : put(contactItem(contact), 'version = :v', { ':v': readVersion })]);
  } finally {
    forgetCopy(db, CONTACTS_COPY);
  }
}

export type BoxShards = Item[];

/** The counter shards of a contact's box: their `total`s sum to the threads that use it. */
export async function boxShards(db: Db, contactId: string): Promise<BoxShards> {
  return queryPartition(db, key.counters().pk, key.boxPrefix(contactId));
}

export const threadsIn = (shards: BoxShards) => shards.reduce((sum, s) => sum + Number(s.total ?? 0), 0);

/**
 * Deletes the contact and its box's shards. Shards are picked at random per write, so a moved thread can leave +1
 * on one shard and -1 on another: the sum is what counts. Each shard must still hold what was read: a thread that
 * arrived since (its transaction checked that the contact exists, store/commit.ts) changed one of them, and then
 * this fails with ConditionFailed.
 */
export async function deleteContactAndBox(db: Db, id: string, read: BoxShards): Promise<void> {
  try {
    await transact(db, [
      { Delete: { TableName: '', Key: key.contact(id), ConditionExpression: 'attribute_exists(pk)' } },
      ...Array.from({ length: COUNTER_SHARDS }, (_, shard) => unchangedShard(key.box(id, shard), read)),
    ]);
  } finally {
    forgetCopy(db, CONTACTS_COPY);
  }
}

function unchangedShard(shardKey: { pk: string; sk: string }, read: BoxShards) {
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
