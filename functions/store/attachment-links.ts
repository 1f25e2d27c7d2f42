// Download links for the files of a mail that SES would refuse as too large (C5): an id and a secret token, the
// token kept only as a SHA-256; the link item expires with its TTL.
import { createHash } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { getItem, withoutKeys, type Db, type Item } from './db';
import { key } from './keys';

export interface AttachmentLink {
  id: string;
  tokenHash: string;
  /** The object under attachments/ and how it is named and typed when downloaded. */
  key: string;
  fileName: string;
  contentType: string;
  expiresAt: string;
}

export const LINK_DAYS = 30;

export const hashLinkToken = (token: string) => createHash('sha256').update(token).digest('hex');

export function attachmentLinkItem(link: AttachmentLink): Item {
  return { ...key.attachmentLink(link.id), entity: 'attachment-link', ...link, expiresAtEpoch: Math.ceil(Date.parse(link.expiresAt) / 1000) };
}

export async function getAttachmentLink(db: Db, id: string): Promise<AttachmentLink | undefined> {
  const item = await getItem(db, key.attachmentLink(id));
  return item ? withoutKeys<AttachmentLink>(item) : undefined;
}

/** Each link is new (a random id), so a plain put; a retried send makes new links and the old ones expire. */
export async function saveAttachmentLinks(db: Db, links: AttachmentLink[]): Promise<void> {
  await Promise.all(links.map((link) => db.doc.send(new PutCommand({ TableName: db.table, Item: attachmentLinkItem(link), ConditionExpression: 'attribute_not_exists(pk)' }))));
}
