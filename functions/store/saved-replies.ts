// Saved replies (T3) in one partition: the list is one query, bounded by what a team writes by hand.
import type { SavedReply } from '../desk/saved-replies';
import { getItem, put, queryPartition, transact, withoutKeys, type Db, type Item } from './db';
import { key } from './keys';

export function savedReplyItem(reply: SavedReply): Item {
  return { ...key.savedReply(reply.id), entity: 'saved-reply', ...reply };
}

export async function listSavedReplies(db: Db): Promise<SavedReply[]> {
  const items = await queryPartition(db, key.savedReplies().pk, key.savedReplies().skPrefix);
  return items.map((i) => withoutKeys<SavedReply>(i)).sort((a, b) => a.name.en.localeCompare(b.name.en));
}

export async function getSavedReply(db: Db, id: string): Promise<SavedReply | undefined> {
  const item = await getItem(db, key.savedReply(id));
  return item ? withoutKeys<SavedReply>(item) : undefined;
}

/** A new one must not exist yet; a changed one must still exist (a delete in between wins). */
export async function saveSavedReply(db: Db, reply: SavedReply, isNew: boolean): Promise<void> {
  await transact(db, [put(savedReplyItem(reply), isNew ? 'attribute_not_exists(pk)' : 'attribute_exists(pk)')]);
}

export async function deleteSavedReply(db: Db, id: string): Promise<void> {
  await transact(db, [{ Delete: { TableName: '', Key: key.savedReply(id), ConditionExpression: 'attribute_exists(pk)' } }]);
}
