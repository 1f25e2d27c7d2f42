// Upload slots and attachments (C5): the slot a browser uploads into, and the attachment a claimed upload or a mail's part becomes.
import type { AttachmentRef } from '../desk/model';
import { getItem, putItem, putNew, withoutKeys, type Db, type TxItem } from './db';
import { key } from './keys';

export type UploadScope = 'public' | 'agent';

export interface UploadRecord {
  id: string;
  key: string;
  fileName: string;
  contentType: string;
  size: number;
  scope: UploadScope;
  createdAt: string;
  expiresAt: string;
  claimed: boolean;
}

/** A slot's record outlives the slot by a day (its TTL), so that a late claim is told why it failed. */
export async function putUploadSlot(db: Db, record: UploadRecord, expiresAtEpoch: number): Promise<void> {
  await putItem(db, { ...key.upload(record.id), entity: 'upload', ...record, expiresAtEpoch });
}

export async function getUpload(db: Db, id: string): Promise<UploadRecord | undefined> {
  const item = await getItem(db, key.upload(id));
  return item ? withoutKeys<UploadRecord>(item) : undefined;
}

/** Marks the upload claimed (once: a second claim fails the transaction) and records the attachment it became. */
export function claimUploadItems(uploadId: string, attachment: AttachmentRef): TxItem[] {
  return [
    {
      Update: {
        TableName: '',
        Key: key.upload(uploadId),
        UpdateExpression: 'SET claimed = :t, attachmentId = :a',
        ConditionExpression: 'claimed = :f',
        ExpressionAttributeValues: { ':t': true, ':f': false, ':a': attachment.id },
      },
    },
    attachmentItem(attachment),
  ];
}

export function attachmentItem(attachment: AttachmentRef): TxItem {
  return putNew({ ...key.attachment(attachment.id), entity: 'attachment', ...attachment });
}

export async function findAttachment(db: Db, id: string): Promise<AttachmentRef | undefined> {
  const item = await getItem(db, key.attachment(id));
  return item ? withoutKeys<AttachmentRef>(item) : undefined;
}
