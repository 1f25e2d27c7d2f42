// Saved replies (T3): any agent keeps the team's texts; listed for a thread, each comes filled in its language.
import { NotFound } from '../desk/errors';
import type { Localized } from '../desk/model';
import { fillSavedReply, type SavedReply } from '../desk/saved-replies';
import type { Deps } from '../deps';
import { getCustomer } from '../store/customers';
import { ConditionFailed } from '../store/db';
import { deleteSavedReply, getSavedReply, listSavedReplies, saveSavedReply } from '../store/saved-replies';
import { getThread } from '../store/threads';

export async function savedReplies(deps: Deps, threadId?: string) {
  const [replies, thread] = await Promise.all([listSavedReplies(deps.db), threadId ? getThread(deps.db, threadId) : undefined]);
  if (threadId && !thread) throw new NotFound('No thread with this id.');
  if (!thread) return replies.map((r) => savedReplyView(r));
  const customer = await getCustomer(deps.db, thread.email);
  const values = {
    customerName: thread.customerName ?? ([customer?.firstName, customer?.lastName].filter(Boolean).join(' ') || undefined),
    firstName: customer?.firstName ?? thread.customerName?.split(' ')[0],
    lastName: customer?.lastName,
    email: thread.email,
    orderReference: thread.orderReference,
  };
  return replies.map((r) => savedReplyView(r, fillSavedReply(r, thread.lang, values)));
}

export function savedReplyView(r: SavedReply, filled?: ReturnType<typeof fillSavedReply>) {
  return { id: r.id, name: r.name, text: r.text, createdAt: r.createdAt, updatedAt: r.updatedAt, ...(filled ? { filled } : {}) };
}

export async function createSavedReply(deps: Deps, input: { name: Localized; text: Localized }) {
  const now = deps.now().toISOString();
  const reply: SavedReply = { id: deps.ids.newId(), name: input.name, text: input.text, createdAt: now, updatedAt: now };
  await saveSavedReply(deps.db, reply, true);
  return savedReplyView(reply);
}

export async function changeSavedReply(deps: Deps, id: string, input: { name?: Localized; text?: Localized }) {
  const current = await getSavedReply(deps.db, id);
  if (!current) throw new NotFound('No saved reply with this id.');
  const next: SavedReply = { ...current, name: input.name ?? current.name, text: input.text ?? current.text, updatedAt: deps.now().toISOString() };
  await saveSavedReply(deps.db, next, false).catch(notFoundOnCondition);
  return savedReplyView(next);
}

export async function removeSavedReply(deps: Deps, id: string) {
  await deleteSavedReply(deps.db, id).catch(notFoundOnCondition);
}

function notFoundOnCondition(error: unknown): never {
  if (error instanceof ConditionFailed) throw new NotFound('No saved reply with this id.');
  throw error;
}
