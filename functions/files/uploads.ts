// Upload slots (presigned POST under pending/) and their claim: the file is checked here, never trusted to S3 (C5).
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { Forbidden, Invalid } from '../desk/errors';
import type { AttachmentRef } from '../desk/model';
import type { Deps } from '../deps';
import type { TxItem } from '../store/db';
import { claimUploadItems, getUpload, putUploadSlot, type UploadRecord, type UploadScope } from '../store/uploads';
import { knownSettings } from '../store/settings';

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
export const ALLOWED_EXTENSIONS = ['txt', 'rtf', 'doc', 'docx', 'pdf', 'zip', 'png', 'jpg', 'jpeg', 'gif', 'webp'] as const;
const SLOT_MINUTES = 15;

/** What the sniffed content may be for each extension; `text` means no magic number, checked as text. */
const SNIFFED: Record<string, string[]> = {
  txt: ['text'],
  rtf: ['rtf'],
  doc: ['cfb'],
  docx: ['docx', 'zip'],
  pdf: ['pdf'],
  zip: ['zip'],
  png: ['png'],
  jpg: ['jpg'],
  jpeg: ['jpg'],
  gif: ['gif'],
  webp: ['webp'],
};

export type { UploadScope };

export function extensionOf(fileName: string): string {
  const m = /\.([A-Za-z0-9]{1,8})$/.exec(fileName);
  return m ? m[1]!.toLowerCase() : '';
}

/** A name safe to show and to put in a header: no path, no control or bidi characters, bounded length. */
export function displayName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[\u0000-\u001f\u007f\u200e\u200f\u202a-\u202e\u2066-\u2069"]/g, '').trim();  
  return (clean.replace(/^\.+/, '') || 'file').slice(-120);
}

export async function createUploadSlot(deps: Deps, input: { fileName: string; contentType: string; size: number }, scope: UploadScope) {
  if (scope === 'public' && !(await knownSettings(deps.db)).allowFileUpload) throw new Forbidden('File uploading is not allowed on this desk.');
  const ext = extensionOf(input.fileName);
  if (!SNIFFED[ext]) {
    throw new Invalid('This type of file is not accepted.', [{ field: 'fileName', message: `Allowed: ${ALLOWED_EXTENSIONS.join(', ')}.` }]);
  }
  const now = deps.now();
  const id = deps.ids.newId();
  const record: UploadRecord = {
    id,
    key: `pending/${id}`,
    fileName: displayName(input.fileName),
    contentType: input.contentType,
    size: input.size,
    scope,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + SLOT_MINUTES * 60_000).toISOString(),
    claimed: false,
  };
  // The presigners load with the first link a container signs, not at every cold start.
  const { createPresignedPost } = await import('@aws-sdk/s3-presigned-post');
  const post = await createPresignedPost(deps.s3, {
    Bucket: deps.config.bucketName,
    Key: record.key,
    Conditions: [['content-length-range', 1, input.size], ['eq', '$Content-Type', input.contentType]],
    Fields: { 'Content-Type': input.contentType },
    Expires: SLOT_MINUTES * 60,
  });
  await putUploadSlot(deps.db, record, Math.floor(now.getTime() / 1000) + 86_400);
  return { uploadId: id, url: post.url, fields: post.fields, expiresAt: record.expiresAt, maxBytes: input.size };
}

export interface ClaimedUploads {
  attachments: AttachmentRef[];
  items: TxItem[];
}

/**
 * Checks each upload (exists, unclaimed, in time, within size, sniffed type matches the extension), stores the
 * bytes it checked under its attachment key and returns the transaction items that mark it claimed. A bad file is
 * deleted.
 */
export async function claimUploads(deps: Deps, uploadIds: string[], scope: UploadScope): Promise<ClaimedUploads> {
  const out: ClaimedUploads = { attachments: [], items: [] };
  const unique = [...new Set(uploadIds)];
  for (const [i, id] of unique.entries()) {
    const field = `uploadIds.${i}`;
    const record = /^[A-Za-z0-9_-]{1,64}$/.test(id) ? await getUpload(deps.db, id) : undefined;
    if (!record || record.scope !== scope) throw new Invalid('An upload is unknown.', [{ field, message: 'No such upload.' }], 'unknown-reference');
    if (record.claimed) throw new Invalid('An upload was already used.', [{ field, message: 'This upload is already attached to a message.' }], 'unknown-reference');
    if (record.expiresAt < deps.now().toISOString()) throw new Invalid('An upload slot expired.', [{ field, message: 'The upload slot expired; ask for a new one.' }], 'unknown-reference');
    const attachment = await checkUploadedFile(deps, record, field);
    out.attachments.push(attachment);
    out.items.push(...claimUploadItems(id, attachment));
  }
  return out;
}

async function checkUploadedFile(deps: Deps, record: UploadRecord, field: string): Promise<AttachmentRef> {
  const bucket = deps.config.bucketName;
  let size: number;
  try {
    const head = await deps.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: record.key }));
    size = head.ContentLength ?? 0;
  } catch (error) {
    if ((error as { name?: string }).name === 'NotFound' || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) {
      throw new Invalid('A file was not uploaded.', [{ field, message: 'Nothing was uploaded to this slot.' }], 'unknown-reference');
    }
    throw error;
  }
  const reject = async (message: string) => {
    await deps.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: record.key }));
    return new Invalid('An uploaded file is not accepted.', [{ field, message }], 'unknown-reference');
  };
  const limit = Math.min(record.size, MAX_UPLOAD_BYTES);
  if (size === 0) throw await reject('The file is empty.');
  if (size > limit) throw await reject(`The file is larger than ${limit} bytes.`);
  const obj = await deps.s3.send(new GetObjectCommand({ Bucket: bucket, Key: record.key }));
  const bytes = Buffer.from(await obj.Body!.transformToByteArray());
  // The slot's POST can be used again until it expires: what counts is what was read, not what HEAD saw.
  if (bytes.length === 0 || bytes.length > limit) throw await reject(`The file is empty or larger than ${limit} bytes.`);
  const ext = extensionOf(record.fileName);
  const sniffed = await sniff(bytes);
  if (!SNIFFED[ext]?.includes(sniffed.kind)) throw await reject(`The content is not a .${ext} file.`);
  const id = deps.ids.newId();
  const attachmentKey = `attachments/${id}`;
  // The very bytes that were checked are kept, never a copy of the pending object: another file posted to the slot
  // after the check (the presigned POST stays valid) cannot become the attachment (C5).
  await deps.s3.send(new PutObjectCommand({ Bucket: bucket, Key: attachmentKey, Body: bytes, ContentType: sniffed.mime }));
  return { id, fileName: record.fileName, contentType: sniffed.mime, size: bytes.length, key: attachmentKey };
}

async function sniff(bytes: Buffer): Promise<{ kind: string; mime: string }> {
  // Loaded with the first upload claimed: most requests carry no file, and a cold start need not read it.
  const { fileTypeFromBuffer } = await import('file-type');
  const type = await fileTypeFromBuffer(bytes);
  if (type) return { kind: type.ext, mime: type.mime };
  return looksLikeText(bytes) ? { kind: 'text', mime: 'text/plain' } : { kind: 'unknown', mime: 'application/octet-stream' };
}

/** Valid UTF-8 (or plain 8-bit text) with no NUL and few control characters. */
function looksLikeText(bytes: Buffer): boolean {
  if (bytes.includes(0)) return false;
  const text = bytes.toString('utf8');
  if (text.includes('\uFFFD') && !/^[\x09\x0a\x0d\x20-\x7e\x80-\xff]*$/.test(bytes.toString('latin1'))) return false;
  const controls = text.match(/[\u0001-\u0008\u000b\u000c\u000e-\u001f]/g)?.length ?? 0;  
  return controls <= text.length / 100;
}

/** A short-lived link that downloads the file and never renders it in a browser tab of our origin. */
export async function downloadUrl(deps: Deps, attachment: AttachmentRef, seconds = 300): Promise<string> {
  const encoded = encodeURIComponent(attachment.fileName).replace(/['()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
  const { getSignedUrl } = await import('@aws-sdk/s3-request-presigner');
  return getSignedUrl(
    deps.s3,
    new GetObjectCommand({
      Bucket: deps.config.bucketName,
      Key: attachment.key,
      ResponseContentDisposition: `attachment; filename="${attachment.fileName.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encoded}`,
      ResponseContentType: attachment.contentType === 'text/html' ? 'application/octet-stream' : attachment.contentType,
    }),
    { expiresIn: seconds },
  );
}

/** Deletes a stored file (an attachment or a raw mail); deleting one that is already gone is no error. */
export async function deleteFile(deps: Deps, objectKey: string): Promise<void> {
  await deps.s3.send(new DeleteObjectCommand({ Bucket: deps.config.bucketName, Key: objectKey }));
}
