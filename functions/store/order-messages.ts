// Predefined order messages (A9) live in one partition: the list is one query.
import type { Localized } from '../desk/model';
import { cachedRead, forgetCopy } from './container-cache';
import { ConditionFailed, getItem, put, queryPartition, transact, withoutKeys, type Db } from './db';
import { key } from './keys';

export interface OrderMessage {
  id: string;
  name: Localized;
  text: Localized;
  createdAt: string;
  updatedAt: string;
}

export async function listOrderMessages(db: Db): Promise<OrderMessage[]> {
  const items = await queryPartition(db, key.orderMessages().pk, 'ORDERMESSAGE#');
  return items.map((i) => withoutKeys<OrderMessage>(i)).sort((a, b) => a.name.en.localeCompare(b.name.en));
}

export async function findOrderMessage(db: Db, id: string): Promise<OrderMessage | undefined> {
  const item = await getItem(db, key.orderMessage(id));
  return item ? withoutKeys<OrderMessage>(item) : undefined;
}

const ORDER_MESSAGES_COPY = 'order-messages';

/** The order messages as this container read them at most CACHE_SECONDS ago (store/container-cache.ts). */
export function knownOrderMessages(db: Db): Promise<OrderMessage[]> {
  return cachedRead(db, ORDER_MESSAGES_COPY, () => listOrderMessages(db));
}

/** A new message must not exist yet, a changed one must still exist; false when that does not hold. */
export async function putOrderMessage(db: Db, message: OrderMessage, isNew: boolean): Promise<boolean> {
  const item = { ...key.orderMessage(message.id), entity: 'order-message', ...message };
  return whenConditionHolds(db, transact(db, [put(item, isNew ? 'attribute_not_exists(pk)' : 'attribute_exists(pk)')]));
}

/** False when there was no such message. */
export async function deleteOrderMessage(db: Db, id: string): Promise<boolean> {
  return whenConditionHolds(db, transact(db, [{ Delete: { TableName: '', Key: key.orderMessage(id), ConditionExpression: 'attribute_exists(pk)' } }]));
}

async function whenConditionHolds(db: Db, write: Promise<void>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (error) {
    if (error instanceof ConditionFailed) return false;
    throw error;
  } finally {
    forgetCopy(db, ORDER_MESSAGES_COPY);
  }
}
