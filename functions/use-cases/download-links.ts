// The download links of files too large for a mail (C5): a link's id and token open a short-lived S3 link.
import { NotFound } from '../desk/errors';
import { tokensMatch } from '../desk/markers';
import type { Deps } from '../deps';
import { downloadUrl } from '../files/uploads';
import { getAttachmentLink, hashLinkToken } from '../store/attachment-links';

/** Unknown link, wrong token and expired link answer alike; the hashes are compared in constant time. */
export async function openDownloadLink(deps: Deps, id: string, token: string): Promise<string> {
  const link = await getAttachmentLink(deps.db, id);
  const matches = tokensMatch(link?.tokenHash ?? '0'.repeat(64), hashLinkToken(token));
  if (!link || !matches || link.expiresAt < deps.now().toISOString()) throw new NotFound('No file with this link.');
  return downloadUrl(deps, { id: link.id, key: link.key, fileName: link.fileName, contentType: link.contentType, size: 0 });
}
