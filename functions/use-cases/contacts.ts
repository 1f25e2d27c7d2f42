// Contacts (C1) managed by admins; a contact with threads is never deleted out from under them.
import { Conflict, Invalid, NotFound } from '../desk/errors';
import type { Contact, Localized } from '../desk/model';
import { decideMove } from '../desk/threads';
import type { Deps } from '../deps';
import { commit } from '../store/commit';
import { boxShards, deleteContactAndBox, getContact, listContacts, putContact, threadsIn } from '../store/contacts';
import { ConditionFailed, withRetries } from '../store/db';
import { contactThreadIds, getThread } from '../store/threads';

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
  await putContact(deps.db, contact);
  return contactView(contact);
}

export async function updateContact(deps: Deps, id: string, patch: Partial<Omit<Contact, 'id' | 'version'>>) {
  return withRetries(async () => {
    const contact = await getContact(deps.db, id);
    if (!contact) throw new NotFound('No contact with this id.');
    const next: Contact = { ...contact, ...stripUndefined(patch), version: contact.version + 1 };
    await putContact(deps.db, next, contact.version);
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
  let shards = await boxShards(deps.db, id);
  const threads = threadsIn(shards);
  if (threads > 0) {
    if (!target) throw new Conflict(`This contact has ${threads} threads. Delete it with ?moveTo=<contactId> to move them to another contact.`, { threads });
    await moveThreads(deps, id, target.id);
    shards = await boxShards(deps.db, id);
    if (threadsIn(shards) > 0) throw new Conflict(ARRIVED);
  }
  await deleteContactAndBox(deps.db, id, shards).catch((error: unknown) => {
    if (error instanceof ConditionFailed) throw new Conflict(ARRIVED);
    throw error;
  });
}

const ARRIVED = 'New threads arrived for this contact while it was being deleted; try again.';

async function moveThreads(deps: Deps, from: string, to: string): Promise<void> {
  for (;;) {
    const ids = await contactThreadIds(deps.db, from, 100);
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
