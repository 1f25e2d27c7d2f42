// Builds the raw MIME of an outbox mail with nodemailer's MailComposer (never by hand), attachments from S3.
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type { Deps } from '../deps';
import { hashLinkToken, LINK_DAYS, saveAttachmentLinks, type AttachmentLink } from '../store/attachment-links';
import type { Address, OutboxMail } from '../store/outbox';
import { withDownloadLinks } from './templates';

const formatAddress = (a: Address) => (a.name ? { name: a.name, address: a.address } : a.address);

/**
 * What the mail weighs once built: each file in base64 (4 bytes per 3, lines of 76 and CRLF), the text and its HTML
 * (quoted-printable at worst triples a byte) and room for headers and MIME parts.
 */
export function encodedSize(fileSizes: number[], text: string, html: string): number {
  const files = fileSizes.reduce((sum, size) => sum + Math.ceil(size / 57) * 78, 0);
  return files + 3 * (Buffer.byteLength(text) + Buffer.byteLength(html)) + 16_384 + 1024 * fileSizes.length;
}

export async function composeMail(deps: Deps, mail: OutboxMail): Promise<Buffer> {
  let { text, html } = mail;
  let files = mail.attachments;
  if (files.length > 0) {
    const sizes = await Promise.all(files.map(async (a) => (await deps.s3.send(new HeadObjectCommand({ Bucket: deps.config.bucketName, Key: a.key }))).ContentLength ?? 0));
    // SES refuses a mail over its limit for good: the files travel as download links instead (C5).
    if (encodedSize(sizes, text, html) > deps.config.mailMaxBytes) {
      ({ text, html } = withDownloadLinks({ text, html }, mail.lang, await downloadLinks(deps, mail)));
      files = [];
    }
  }
  const attachments = await Promise.all(
    files.map(async (a) => {
      const obj = await deps.s3.send(new GetObjectCommand({ Bucket: deps.config.bucketName, Key: a.key }));
      return { filename: a.fileName, contentType: a.contentType, content: Buffer.from(await obj.Body!.transformToByteArray()) };
    }),
  );
  const headers: Record<string, string> = { 'Content-Language': mail.lang };
  // Automatic mail says so, so that well-behaved servers send no auto-reply back (RFC 3834).
  if (mail.automatic) {
    headers['Auto-Submitted'] = 'auto-generated';
    headers['X-Auto-Response-Suppress'] = 'All';
  }
  if (mail.threadId) headers['X-ShopDesk-Thread'] = mail.threadId;
  const composer = new MailComposer({
    from: { name: mail.fromName, address: deps.config.senderAddress },
    to: mail.to.map(formatAddress),
    // Bcc is never written: SES gets it in the envelope only (sender.ts).
    cc: mail.cc && mail.cc.length > 0 ? mail.cc.map(formatAddress) : undefined,
    replyTo: mail.replyTo?.map(formatAddress),
    subject: mail.subject,
    text,
    html,
    inReplyTo: mail.inReplyTo,
    references: mail.references && mail.references.length > 0 ? mail.references : undefined,
    messageId: `<${mail.id}@shopdesk.invalid>`,
    date: new Date(),
    headers,
    attachments,
  });
  return composer.compile().build();
}

async function downloadLinks(deps: Deps, mail: OutboxMail): Promise<{ fileName: string; url: string }[]> {
  const base = deps.config.publicUrl?.replace(/\/+$/, '');
  if (!base) throw new Error('PUBLIC_URL is needed to link to files too large to attach.');
  const expiresAt = new Date(deps.now().getTime() + LINK_DAYS * 86_400_000).toISOString();
  const made = mail.attachments.map((a) => {
    const token = deps.ids.newSecret();
    const link: AttachmentLink = { id: deps.ids.newId(), tokenHash: hashLinkToken(token), key: a.key, fileName: a.fileName, contentType: a.contentType, expiresAt };
    return { link, url: `${base}/v1/public/attachments/${link.id}?token=${token}` };
  });
  await saveAttachmentLinks(deps.db, made.map((m) => m.link));
  return made.map((m) => ({ fileName: m.link.fileName, url: m.url }));
}
