// Raw mail in S3 (M3, M6): streamed in as it is fetched, whatever its size; read back for a retry or a download.
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  PutObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Deps } from '../deps';

/** What is parsed at most: a larger mail is kept raw and listed as a failure, never parsed (M6). */
export const PARSE_LIMIT_BYTES = 25 * 1024 * 1024;
/** The start of every mail is held apart, to read the header of one that is too large to parse. */
export const HEAD_BYTES = 256 * 1024;
/** S3 multipart parts (at least 5 MB each but the last): at most one part is held in memory. */
const PART_BYTES = 8 * 1024 * 1024;

export interface KeptMail {
  key: string;
  size: number;
  sha256: string;
  /** The whole mail when it is within the parsing limit, else null (it was only streamed through). */
  bytes: Buffer | null;
  /** The first bytes, for the header of a mail too large to parse. */
  head: Buffer;
}

/** Collects what passes through: the digest, the head, and the whole mail only while it stays within the limit. */
class Tally {
  size = 0;
  private readonly hash = createHash('sha256');
  private held: Buffer[] | null;
  private headParts: Buffer[] = [];
  private headSize = 0;

  /** `expectedSize`: what the server announced; a mail known to be over the limit is never held. */
  constructor(expectedSize = 0) {
    this.held = expectedSize > PARSE_LIMIT_BYTES ? null : [];
  }

  add(chunk: Buffer): void {
    this.size += chunk.length;
    this.hash.update(chunk);
    if (this.headSize < HEAD_BYTES) {
      const part = chunk.subarray(0, HEAD_BYTES - this.headSize);
      this.headParts.push(part);
      this.headSize += part.length;
    }
    if (this.held && this.size <= PARSE_LIMIT_BYTES) this.held.push(chunk);
    else this.held = null;
  }

  result(key: string): KeptMail {
    return { key, size: this.size, sha256: this.hash.digest('hex'), bytes: this.held ? Buffer.concat(this.held) : null, head: Buffer.concat(this.headParts) };
  }
}

/**
 * Streams a mail into S3 as its chunks arrive: one put for a small mail, a multipart upload for a large
 * one, so that memory holds at most one part besides what will be parsed. Resolves once S3 has it all.
 */
export async function keepRawMail(deps: Deps, key: string, chunks: AsyncIterable<Buffer> | Iterable<Buffer>, expectedSize?: number): Promise<KeptMail> {
  const bucket = deps.config.bucketName;
  const tally = new Tally(expectedSize);
  let pending: Buffer[] = [];
  let pendingSize = 0;
  let uploadId: string | undefined;
  const parts: { ETag?: string; PartNumber: number }[] = [];
  const flushPart = async () => {
    uploadId ??= (await deps.s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ContentType: 'message/rfc822' }))).UploadId;
    const PartNumber = parts.length + 1;
    const res = await deps.s3.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumber, Body: Buffer.concat(pending) }));
    parts.push({ ETag: res.ETag, PartNumber });
    pending = [];
    pendingSize = 0;
  };
  try {
    for await (const chunk of chunks) {
      tally.add(chunk);
      pending.push(chunk);
      pendingSize += chunk.length;
      if (pendingSize >= PART_BYTES) await flushPart();
    }
    if (uploadId === undefined) {
      await deps.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: Buffer.concat(pending), ContentType: 'message/rfc822' }));
    } else {
      if (pendingSize > 0) await flushPart();
      await deps.s3.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId, MultipartUpload: { Parts: parts } }));
    }
  } catch (error) {
    if (uploadId) await deps.s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId })).catch(() => undefined);
    throw error;
  }
  return tally.result(key);
}

/** Reads a kept mail back (a retry): the whole mail when it is within the parsing limit, else only its head and digest. */
export async function readRawMail(deps: Deps, key: string): Promise<KeptMail> {
  const res = await deps.s3.send(new GetObjectCommand({ Bucket: deps.config.bucketName, Key: key }));
  const tally = new Tally();
  for await (const chunk of res.Body as Readable) tally.add(chunk as Buffer);
  return tally.result(key);
}

/** What the API answers itself: a Lambda response holds 6 MB, base64 makes a third more of it. */
export const INLINE_DOWNLOAD_BYTES = 4 * 1024 * 1024;

export async function rawMailBytes(deps: Deps, key: string): Promise<Buffer> {
  const res = await deps.s3.send(new GetObjectCommand({ Bucket: deps.config.bucketName, Key: key }));
  return Buffer.from(await res.Body!.transformToByteArray());
}

/** A short-lived link for a mail too large to answer inline. */
export async function rawMailUrl(deps: Deps, key: string, fileName: string): Promise<string> {
  const command = new GetObjectCommand({
    Bucket: deps.config.bucketName,
    Key: key,
    ResponseContentType: 'message/rfc822',
    ResponseContentDisposition: `attachment; filename="${fileName}"`,
  });
  const { getSignedUrl } = await import('@aws-sdk/s3-request-presigner');
  return getSignedUrl(deps.s3, command, { expiresIn: 300 });
}
