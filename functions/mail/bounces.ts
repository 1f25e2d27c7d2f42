// Marks an outgoing message as bounced, found by the Message-ID it was delivered with (M4).
import type { Deps } from '../deps';
import { getItem, transact, type TxItem } from '../store/db';
import { key } from '../store/keys';

/** True when the Message-ID names one of our outgoing messages; `with` lands in the same transaction. */
export async function markBounced(deps: Deps, messageIdHeader: string, reason: string, withItems: TxItem[] = []): Promise<string | null> {
  const ref = await getItem<{ threadId: string; messageId: string | null }>(deps.db, key.mailId(messageIdHeader));
  const pointer = ref?.messageId ? await getItem<{ createdAt: string }>(deps.db, key.messagePointer(ref.messageId)) : undefined;
  if (!ref?.messageId || !pointer) return null;
  await transact(deps.db, [
    ...withItems,
    {
      Update: {
        TableName: '',
        Key: key.message(ref.threadId, pointer.createdAt, ref.messageId),
        UpdateExpression: 'SET delivery.#s = :b, delivery.reason = :r, delivery.updatedAt = :now',
        ConditionExpression: 'attribute_exists(delivery)',
        ExpressionAttributeNames: { '#s': 'state' },
        ExpressionAttributeValues: { ':b': 'bounced', ':r': reason.slice(0, 300), ':now': deps.now().toISOString() },
      },
    },
  ]);
  return ref.messageId;
}
