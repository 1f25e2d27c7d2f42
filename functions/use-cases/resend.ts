// Resending a reply whose mail failed or bounced: a new outbox item, so the stream sends it again (S1).
import { Conflict, NotFound } from '../desk/errors';
import type { Deps } from '../deps';
import { findOutgoingMessage, getOutboxMail, requeueMessage } from '../store/outbox';

export async function resendMessage(deps: Deps, messageId: string) {
  const message = await findOutgoingMessage(deps.db, messageId);
  if (!message) throw new NotFound('No outgoing message with this id.');
  const state = message.delivery?.state;
  if (state !== 'failed' && state !== 'bounced') throw new Conflict(`Only a failed or bounced message can be sent again; this one is ${state ?? 'not a mail'}.`);
  const previous = await getOutboxMail(deps.db, message.delivery!.outboxId);
  if (!previous) throw new NotFound('The mail of this message is no longer in the outbox.');
  const now = deps.now().toISOString();
  const mail = { ...previous, id: deps.ids.newId(), createdAt: now, state: 'queued' as const, attempts: 0, lastError: undefined, sesMessageId: undefined, deliveredMessageId: undefined };
  await requeueMessage(deps.db, message, mail, now);
  return { id: messageId, state: 'queued' as const };
}
