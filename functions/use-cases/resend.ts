// Resending a reply whose mail failed or bounced: a new outbox item, so the stream sends it again (S1).
import { Conflict, NotFound } from '../desk/errors';
import type { Message } from '../desk/model';
import type { Deps } from '../deps';
import { getItem, putNew, transact, withoutKeys } from '../store/db';
import { key } from '../store/keys';
import { getOutboxMail, outboxItem } from '../store/outbox';

export async function resendMessage(deps: Deps, messageId: string) {
  const pointer = await getItem<{ threadId: string; createdAt: string }>(deps.db, key.messagePointer(messageId));
  const item = pointer ? await getItem(deps.db, key.message(pointer.threadId, pointer.createdAt, messageId)) : undefined;
  if (!pointer || !item) throw new NotFound('No outgoing message with this id.');
  const message = withoutKeys<Message>(item);
  const state = message.delivery?.state;
  if (state !== 'failed' && state !== 'bounced') throw new Conflict(`Only a failed or bounced message can be sent again; this one is ${state ?? 'not a mail'}.`);
  const previous = await getOutboxMail(deps.db, message.delivery!.outboxId);
  if (!previous) throw new NotFound('The mail of this message is no longer in the outbox.');
  const now = deps.now().toISOString();
  const mail = { ...previous, id: deps.ids.newId(), createdAt: now, state: 'queued' as const, attempts: 0, lastError: undefined, sesMessageId: undefined, deliveredMessageId: undefined };
  await transact(deps.db, [
    putNew(outboxItem(mail)),
    {
      Update: {
        TableName: '',
        Key: key.message(pointer.threadId, pointer.createdAt, messageId),
        UpdateExpression: 'SET delivery = :d',
        ConditionExpression: 'delivery.#s = :old',
        ExpressionAttributeNames: { '#s': 'state' },
        ExpressionAttributeValues: { ':d': { state: 'queued', outboxId: mail.id, updatedAt: now }, ':old': state },
      },
    },
  ]);
  return { id: messageId, state: 'queued' as const };
}
