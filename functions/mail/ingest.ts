// The ingestion pipeline of one mail (M2–M5): raw bytes to S3 first, parse, classify, thread, store once.
import { createHash } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { simpleParser, type ParsedMail } from 'mailparser';
import { readMarkers, stripMarkers, tokensMatch } from '../desk/markers';
import type { AttachmentRef, Contact, Lang } from '../desk/model';
import { decideCustomerMessage } from '../desk/threads';
import { normalizeEmail } from '../desk/text';
import { pickLang } from '../desk/vocabulary';
import type { Deps } from '../deps';
import { displayName } from '../files/uploads';
import { commit } from '../store/commit';
import { listContacts } from '../store/contacts';
import { ConditionFailed, getItem, put, putNew, transact, withRetries, type TxItem } from '../store/db';
import { getEmployee } from '../store/employees';
import { key } from '../store/keys';
import type { Settings } from '../store/settings';
import { getThreadCollection } from '../store/threads';
import { outboxMails } from '../use-cases/outgoing-mail';
import { markBounced } from './bounces';
import { bounceReason, classifyMail, fromAddress, mailHeader, reportedMessageIds } from './classify';

export const MAX_MAIL_BYTES = 25 * 1024 * 1024;
// A message item must stay well under DynamoDB's 400 KB; the raw mail in S3 keeps everything.
const MAX_TEXT_BYTES = 100_000;
const MAX_HTML_BYTES = 180_000;

export type IngestOutcome =
  | { kind: 'stored'; threadId: string; newThread: boolean }
  | { kind: 'auto-reply'; threadId?: string }
  | { kind: 'bounce'; messageId?: string }
  | { kind: 'skipped'; reason: string; leaveOnServer: boolean }
  | { kind: 'failed'; reason: string };

/** What one poll reads once for all its mails. */
export interface PollContext {
  settings: Settings;
  contacts: Contact[];
}

export async function pollContext(deps: Deps, settings: Settings): Promise<PollContext> {
  return { settings, contacts: await listContacts(deps.db) };
}

export async function ingestMail(deps: Deps, raw: Buffer, poll: PollContext): Promise<IngestOutcome> {
  const digest = createHash('sha256').update(raw).digest('hex');
  const rawKey = `raw/${digest}.eml`;
  // Kept before anything is written: whatever happens next, the mail itself is never lost (M3).
  // Parsing writes nothing, so it runs while the raw bytes are on their way to S3.
  const kept = deps.s3.send(new PutObjectCommand({ Bucket: deps.config.bucketName, Key: rawKey, Body: raw, ContentType: 'message/rfc822' }));
  if (raw.length > MAX_MAIL_BYTES) {
    await kept;
    return recordFailure(deps, `sha256:${digest}`, rawKey, `The mail is larger than ${MAX_MAIL_BYTES / 1024 / 1024} MB; kept raw, not parsed.`);
  }
  const [, mail] = await Promise.all([kept, parseMail(raw)]);
  if (mail instanceof Error) return recordFailure(deps, `sha256:${digest}`, rawKey, `The mail cannot be parsed: ${mail.message.slice(0, 200)}`);
  const identity = mail.messageId ? `mid:${mail.messageId.toLowerCase()}` : `sha256:${digest}`;
  // No look-up first: the dedupe record's condition in the mail's own transaction refuses a second copy.
  const dedupe = putNew({ ...key.ingested(identity), entity: 'ingested', rawKey, at: deps.now().toISOString() });
  const kind = classifyMail(mail, [deps.config.senderAddress.toLowerCase()]);
  if (kind === 'own') {
    return onceOnly(transact(deps.db, [dedupe]).then(() => ({ kind: 'skipped', reason: 'Sent by the desk itself.', leaveOnServer: false })));
  }
  if (kind === 'bounce') return onceOnly(recordBounce(deps, mail, dedupe));
  return storeMessage(deps, mail, { identity, rawKey, dedupe, poll, autoReply: kind === 'auto-reply' });
}

function parseMail(raw: Buffer): Promise<ParsedMail | Error> {
  return simpleParser(raw, { skipImageLinks: true, maxHtmlLengthToParse: 2_000_000 }).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
}

const DUPLICATE: IngestOutcome = { kind: 'skipped', reason: 'Already ingested.', leaveOnServer: false };

/** A failed condition on a write that carries the dedupe record means the mail was stored before. */
async function onceOnly(work: Promise<IngestOutcome>): Promise<IngestOutcome> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof ConditionFailed) return DUPLICATE;
    throw error;
  }
}

async function alreadyIngested(deps: Deps, identity: string): Promise<boolean> {
  return Boolean(await getItem(deps.db, key.ingested(identity)));
}

async function recordFailure(deps: Deps, identity: string, rawKey: string, reason: string): Promise<IngestOutcome> {
  if (await alreadyIngested(deps, identity)) return DUPLICATE;
  const at = deps.now().toISOString();
  await transact(deps.db, [
    putNew({ ...key.ingested(identity), entity: 'ingested', rawKey, at, failed: true }),
    put({ ...key.mailFailure(at, deps.ids.newId()), entity: 'mail-failure', rawKey, reason, at }),
  ]);
  return { kind: 'failed', reason };
}

/** A delivery report marks the outgoing message it names as bounced, and adds nothing to the conversation. */
async function recordBounce(deps: Deps, mail: ParsedMail, dedupe: TxItem): Promise<IngestOutcome> {
  for (const id of reportedMessageIds(mail)) {
    const messageId = await markBounced(deps, id, bounceReason(mail), [dedupe]);
    if (messageId) return { kind: 'bounce', messageId };
  }
  await transact(deps.db, [dedupe]);
  return { kind: 'bounce' };
}

interface StoreContext {
  identity: string;
  rawKey: string;
  dedupe: TxItem;
  poll: PollContext;
  autoReply: boolean;
}

async function storeMessage(deps: Deps, mail: ParsedMail, ctx: StoreContext): Promise<IngestOutcome> {
  const attachments = await storeAttachments(deps, mail);
  let attempt = 0;
  return withRetries(async () => {
    // Checked again on a retry only: another poll may have stored the mail in between.
    if (attempt++ > 0 && (await alreadyIngested(deps, ctx.identity))) return DUPLICATE;
    const contacts = ctx.poll.contacts;
    const thread = await findThread(deps, mail);
    if (!thread && ctx.autoReply) return onceOnly(transact(deps.db, [ctx.dedupe]).then(() => ({ kind: 'auto-reply' })));
    if (!thread && !ctx.poll.settings.mailbox.createNewThreads) return { kind: 'skipped', reason: 'No thread matches and "create new threads" is off.', leaveOnServer: true };
    const contact = thread ? contacts.find((c) => c.id === thread.thread.contactId) : contactFor(mail, contacts);
    if (!contact) return { kind: 'skipped', reason: 'No contact saves messages.', leaveOnServer: true };
    const from = fromAddress(mail);
    const decision = decideCustomerMessage(
      thread?.thread ?? null,
      {
        contactId: contact.id,
        email: thread?.thread.email ?? normalizeEmail(from || 'unknown@invalid'),
        name: mail.from?.value[0]?.name || undefined,
        lang: thread?.thread.lang ?? languageOf(mail),
        text: bodyText(mail),
        html: typeof mail.html === 'string' && Buffer.byteLength(mail.html) <= MAX_HTML_BYTES ? mail.html : undefined,
        subject: cleanSubject(mail.subject ?? ''),
        attachments: attachments.refs,
        source: 'mail',
        messageIdHeader: mail.messageId,
        autoReply: ctx.autoReply,
        senderMismatch: Boolean(thread && from && from !== thread.thread.email),
        rawKey: ctx.rawKey,
      },
      deps.now(),
      deps.ids,
    );
    const inCharge = thread?.thread.employeeId && !ctx.autoReply ? await getEmployee(deps.db, thread.thread.employeeId) : undefined;
    if (inCharge?.active) decision.mails.push({ kind: 'employee-notification', messageId: decision.messages[0]!.id, to: { address: inCharge.email, name: inCharge.name } });
    const outbox = outboxMails(deps, decision, { contact, history: thread?.messages ?? [] });
    await commit(deps.db, decision, { outbox, items: [ctx.dedupe, ...attachments.items] });
    if (ctx.autoReply) return { kind: 'auto-reply', threadId: decision.thread.id };
    return { kind: 'stored', threadId: decision.thread.id, newThread: !thread };
  });
}

/** By In-Reply-To/References first (newest first), then by the subject markers with their token (M2). */
async function findThread(deps: Deps, mail: ParsedMail) {
  const refs = [mail.inReplyTo, ...[mail.references ?? []].flat().reverse()].filter((r): r is string => Boolean(r));
  for (const ref of [...new Set(refs)].slice(0, 20)) {
    const found = await getItem<{ threadId: string }>(deps.db, key.mailId(ref));
    if (found) {
      const collection = await getThreadCollection(deps.db, found.threadId);
      if (collection) return collection;
    }
  }
  const markers = readMarkers(mail.subject ?? '');
  if (!markers) return null;
  const collection = await getThreadCollection(deps.db, markers.threadId);
  return collection && tokensMatch(collection.thread.token, markers.token) ? collection : null;
}

/** The contact whose address the mail was sent to, else the first contact that saves messages. */
function contactFor(mail: ParsedMail, contacts: Contact[]): Contact | undefined {
  const recipients = new Set(
    [mail.to, mail.cc]
      .flat()
      .flatMap((a) => a?.value ?? [])
      .map((a) => (a.address ?? '').toLowerCase())
      .concat(mailHeader(mail, 'delivered-to').toLowerCase().split(/[\s,]+/)),
  );
  const saving = contacts.filter((c) => c.saveMessages);
  return saving.find((c) => recipients.has(c.email.toLowerCase())) ?? saving[0];
}

function languageOf(mail: ParsedMail): Lang {
  return pickLang(mailHeader(mail, 'content-language') || undefined);
}

function bodyText(mail: ParsedMail): string {
  const text = (mail.text ?? '').replace(/\r\n?/g, '\n').trim();
  let out = text || '(no text)';
  if (Buffer.byteLength(out) <= MAX_TEXT_BYTES) return out;
  while (Buffer.byteLength(out) > MAX_TEXT_BYTES) out = out.slice(0, Math.floor(out.length * 0.9));
  return out + '\n[…]';
}

function cleanSubject(subject: string): string {
  return stripMarkers(subject).replace(/^((re|fw|fwd|aw|wg|tr|rv|sv|ответ|отв)\s*:\s*)+/i, '').trim().slice(0, 300);
}

async function storeAttachments(deps: Deps, mail: ParsedMail): Promise<{ refs: AttachmentRef[]; items: TxItem[] }> {
  const refs: AttachmentRef[] = [];
  for (const a of mail.attachments.slice(0, 40)) {
    if (/^message\/(delivery-status|disposition-notification)/i.test(a.contentType)) continue;
    const id = deps.ids.newId();
    const ref: AttachmentRef = {
      id,
      fileName: displayName(a.filename ?? `attachment-${refs.length + 1}`),
      contentType: a.contentType || 'application/octet-stream',
      size: a.size ?? a.content.length,
      key: `attachments/${id}`,
      inline: a.contentDisposition === 'inline' || undefined,
    };
    await deps.s3.send(new PutObjectCommand({ Bucket: deps.config.bucketName, Key: ref.key, Body: a.content, ContentType: ref.contentType }));
    refs.push(ref);
  }
  return { refs, items: refs.map((r) => putNew({ ...key.attachment(r.id), entity: 'attachment', ...r })) };
}

