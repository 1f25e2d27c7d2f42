// Builds the raw MIME of an outbox mail with nodemailer's MailComposer (never by hand), attachments from S3.
import { GetObjectCommand } from '@aws-sdk/client-s3';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type { Deps } from '../deps';
import type { Address, OutboxMail } from '../store/outbox';

const formatAddress = (a: Address) => (a.name ? { name: a.name, address: a.address } : a.address);

export async function composeMail(deps: Deps, mail: OutboxMail): Promise<Buffer> {
  const attachments = await Promise.all(
    mail.attachments.map(async (a) => {
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
    text: mail.text,
    html: mail.html,
    inReplyTo: mail.inReplyTo,
    references: mail.references && mail.references.length > 0 ? mail.references : undefined,
    messageId: `<${mail.id}@shopdesk.invalid>`,
    date: new Date(),
    headers,
    attachments,
  });
  return composer.compile().build();
}
