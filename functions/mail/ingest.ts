// The ingestion pipeline of one mail (M2–M7): kept raw first, then checked, parsed, classified, threaded, stored once.
// Whatever goes wrong with one mail ends as a mail failure (its raw copy downloadable), never as a stopped poller.
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { ParsedMail } from 'mailparser';
import { readMarkers, stripMarkers, tokensMatch } from '../desk/markers';
import type { AttachmentRef, Contact, Lang } from '../desk/model';
import { decideCustomerMessage } from '../desk/threads';
import { normalizeEmail } from '../desk/text';
import { pickLang } from '../desk/vocabulary';
import type { Deps } from '../deps';
import { HEAD_BYTES, PARSE_LIMIT_BYTES, type KeptMail } from '../files/raw-mail';
import { displayName } from '../files/uploads';
import { commit } from '../store/commit';
import { listContacts } from '../store/contacts';
import { ConditionFailed, transact, withRetries, type TxItem } from '../store/db';
import { getEmployee } from '../store/employees';
import { failedAgainItems, failureId, newFailureItems, type MailFailure } from '../store/mail-failures';
import { countIngestAttempt, ingestedItem, isIngested } from '../store/mailbox';
import { threadOfMailId } from '../store/outbox';
import type { Settings } from '../store/settings';
import { getThreadCollection } from '../store/threads';
import { attachmentItem } from '../store/uploads';
import { outboxMails } from './outgoing-mail';
import { markBounced } from './bounces';
import { bounceReason, classifyMail, fromAddress, mailHeader, reportedMessageIds } from './classify';
import { headerBlockEnd, mailIdentity, rawIdentity } from './identity';

// A message item must stay well under DynamoDB's 400 KB; the raw mail in S3 keeps everything.
const MAX_TEXT_BYTES = 100_000;
const MAX_HTML_BYTES = 180_000;
/** The parser's own limit for one MIME node's header (mailsplit); checked first for a plain reason. */
const MAX_HEADER_BYTES = 1024 * 1024;
/** The parser's header budget counts each line as at least 64 bytes: past this many fields it gives up. */
const MAX_HEADER_FIELDS = 10_000;
/** RFC 5321: an address longer than this cannot be delivered to, so no answer could reach its sender. */
const MAX_ADDRESS_LENGTH = 254;
/** RFC 5322's line limit: a longer Message-ID is kept only in the raw mail, never repeated in our References. */
const MAX_MESSAGE_ID_LENGTH = 998;
const MAX_NAME_LENGTH = 200;
const MAX_ATTACHMENTS = 40;
/** Polls in which storing a mail failed for a reason outside the mail (a crash, a busy table) before it is listed as a failure. */
const MAX_ATTEMPTS = 3;

export type IngestOutcome =
  | { kind: 'stored'; threadId: string; newThread: boolean }
  | { kind: 'auto-reply'; threadId?: string }
  | { kind: 'bounce'; messageId?: string }
  | { kind: 'skipped'; reason: string; leaveOnServer: boolean }
  | { kind: 'failed'; reason: string; failureId?: string };

/** What one poll reads once for all its mails. */
export interface PollContext {
  settings: Settings;
  contacts: Contact[];
  /** The time a mail of this poll arrives: never earlier than the one before, so mails stored at once keep their order. */
  arrival(): Date;
}

export async function pollContext(deps: Deps, settings: Settings): Promise<PollContext> {
  let last = 0;
  return { settings, contacts: await listContacts(deps.db), arrival: () => new Date((last = Math.max(deps.now().getTime(), last + 1))) };
}

/** A mail the desk refuses to parse or store, with the reason in plain words. */
export class MailRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MailRefused';
  }
}

/**
 * Ingests one mail whose raw copy is already in S3. `retryOf` is the failure being retried: on a new
 * failure it is updated, not listed twice. `receivedAt` is when the poll took it, the time a failure is listed with.
 */
export async function ingestMail(deps: Deps, kept: KeptMail, poll: PollContext, options: { retryOf?: MailFailure; receivedAt?: Date } = {}): Promise<IngestOutcome> {
  const identity = kept.bytes ? mailIdentity(kept.bytes) : rawIdentity(kept.sha256);
  const fail = (reason: string) => recordFailure(deps, kept, identity, reason, options);
  try {
    if (!kept.bytes) throw new MailRefused(`The mail is larger than ${PARSE_LIMIT_BYTES / 1024 / 1024} MB; kept raw, not parsed.`);
    const headerEnd = headerBlockEnd(kept.bytes);
    if (headerEnd > MAX_HEADER_BYTES) throw new MailRefused(`The mail's header is larger than ${MAX_HEADER_BYTES / 1024 / 1024} MB; kept raw, not parsed.`);
    if (headerFields(kept.bytes.subarray(0, headerEnd)) > MAX_HEADER_FIELDS) throw new MailRefused(`The mail has more than ${MAX_HEADER_FIELDS.toLocaleString('en')} header fields; kept raw, not parsed.`);
    const mail = await parseMail(kept.bytes);
    return await ingestParsed(deps, mail, { identity, rawKey: kept.key, poll });
  } catch (error) {
    if (isCausedByTheMail(error)) return fail(reasonOf(error));
    // Not the mail's fault (a crash, a busy table): the poll stops and the next one tries again,
    // until a mail that fails every time is listed instead of holding up the ones behind it.
    if (await attemptsUsedUp(deps, identity)) return fail(`Storing the mail failed ${MAX_ATTEMPTS} times (${(error as Error).name ?? 'error'}).`);
    throw error;
  }
}

async function ingestParsed(deps: Deps, mail: ParsedMail, ctx: Omit<StoreContext, 'dedupe' | 'kind'>): Promise<IngestOutcome> {
  const from = fromAddress(mail);
  if (from.length > MAX_ADDRESS_LENGTH) throw new MailRefused(`The sender's address is longer than ${MAX_ADDRESS_LENGTH} characters: no answer could reach it.`);
  // No look-up first: the dedupe record's condition in the mail's own transaction refuses a second copy.
  const dedupe = ingestedItem(ctx.identity, ctx.rawKey, deps.now().toISOString());
  const sender = deps.config.senderAddress.toLowerCase();
  const kind = classifyMail(mail, sender, [sender, deps.config.mailboxAddress.toLowerCase(), ...ctx.poll.contacts.map((c) => c.email.toLowerCase())]);
  if (kind === 'own') {
    return onceOnly(transact(deps.db, [dedupe]).then(() => ({ kind: 'skipped', reason: 'Sent by the desk itself.', leaveOnServer: false })));
  }
  if (kind === 'bounce') return onceOnly(recordBounce(deps, mail, dedupe));
  return storeMessage(deps, mail, { ...ctx, dedupe, kind });
}

/**
 * mailparser, with the charset tables it reads every mail with (iconv-lite, encoding-japanese), is loaded for the first
 * mail to parse rather than at every cold start: most polls find no new mail.
 */
const mailParser = () => import('mailparser').then((m) => m.simpleParser);

async function parseMail(raw: Buffer): Promise<ParsedMail> {
  const simpleParser = await mailParser();
  try {
    return await simpleParser(raw, { skipImageLinks: true, maxHtmlLengthToParse: 2_000_000 });
  } catch (error) {
    throw new MailRefused(parserReason(error));
  }
}

/** Lines that start a field (a folded line continues the one before). */
function headerFields(header: Buffer): number {
  let fields = 0;
  for (let i = header.indexOf(10); i >= 0 && i + 1 < header.length; i = header.indexOf(10, i + 1)) {
    if (header[i + 1] !== 32 && header[i + 1] !== 9) fields++;
  }
  return fields;
}

/** The parser's refusals in the words an admin can act on. */
function parserReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/child nodes/i.test(message)) return 'The mail has more MIME parts than the parser reads (1,000); kept raw, not parsed.';
  if (/header size/i.test(message)) return 'A header of the mail (or of one of its parts) is larger than the parser reads (1 MB); kept raw, not parsed.';
  return `The mail cannot be parsed: ${message.replace(/\s+/g, ' ').slice(0, 200)}`;
}

/** Errors that the same mail would cause again: its content, or an item or object built from it that DynamoDB or S3 refuse. */
function isCausedByTheMail(error: unknown): boolean {
  if (error instanceof MailRefused || error instanceof RangeError) return true;
  const name = (error as { name?: string } | null)?.name ?? '';
  return ['ValidationException', 'TransactionCanceledException', 'InvalidArgument', 'MetadataTooLarge', 'EntityTooLarge', 'KeyTooLongError', 'InvalidRequest'].includes(name);
}

function reasonOf(error: unknown): string {
  if (error instanceof MailRefused) return error.message;
  if (error instanceof RangeError) return 'The mail is too complex to read (the parser ran out of room); kept raw.';
  const name = (error as Error).name;
  if (name === 'ValidationException' || name === 'TransactionCanceledException') return 'The mail does not fit the desk\'s storage limits (an item or key too large); kept raw.';
  return `The file storage refused a part of the mail (${name}); kept raw.`;
}

async function attemptsUsedUp(deps: Deps, identity: string): Promise<boolean> {
  try {
    return (await countIngestAttempt(deps.db, identity, Math.floor(deps.now().getTime() / 1000) + 7 * 86_400)) >= MAX_ATTEMPTS;
  } catch {
    return false;
  }
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
  return isIngested(deps.db, identity);
}

/** Lists the mail as a failure, once: a re-fetch of a listed mail meets its dedupe record. */
async function recordFailure(deps: Deps, kept: KeptMail, identity: string, reason: string, options: { retryOf?: MailFailure; receivedAt?: Date }): Promise<IngestOutcome> {
  const { retryOf } = options;
  const now = options.receivedAt ?? deps.now();
  const at = now.toISOString();
  const readable = await readableHeader(kept);
  if (retryOf) {
    const failure: MailFailure = { ...retryOf, at, reason, identity, retries: retryOf.retries + 1 };
    await transact(deps.db, failedAgainItems(failure));
    return { kind: 'failed', reason, failureId: failure.id };
  }
  const failure: MailFailure = { id: failureId(now, deps.ids.newId()), at, reason, size: kept.size, ...readable, rawKey: kept.key, identity, retries: 0 };
  try {
    await transact(deps.db, newFailureItems(failure));
  } catch (error) {
    if (error instanceof ConditionFailed) return DUPLICATE;
    throw error;
  }
  return { kind: 'failed', reason, failureId: failure.id };
}

/** From and Subject of a failed mail, read from its header alone, when they can be read; capped for the list. */
async function readableHeader(kept: KeptMail): Promise<{ from: string | null; subject: string | null }> {
  const source = kept.bytes ?? kept.head;
  const end = Math.min(headerBlockEnd(source), HEAD_BYTES);
  try {
    const simpleParser = await mailParser();
    const header = await simpleParser(Buffer.concat([source.subarray(0, end), Buffer.from('\r\n\r\n')]), { skipHtmlToText: true, skipTextToHtml: true });
    const from = fromAddress(header);
    return { from: from && from.length <= MAX_ADDRESS_LENGTH ? from : null, subject: header.subject ? header.subject.slice(0, 300) : null };
  } catch {
    return { from: null, subject: null };
  }
}

/** A delivery report marks the outgoing message it names as bounced, and adds nothing to the conversation. */
async function recordBounce(deps: Deps, mail: ParsedMail, dedupe: TxItem): Promise<IngestOutcome> {
  for (const id of reportedMessageIds(mail).slice(0, 10)) {
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
  kind: 'auto-reply' | 'list' | 'person';
}

async function storeMessage(deps: Deps, mail: ParsedMail, ctx: StoreContext): Promise<IngestOutcome> {
  const autoReply = ctx.kind === 'auto-reply';
  const attachments = await storeAttachments(deps, mail);
  let attempt = 0;
  return withRetries(async () => {
    // Checked again on a retry only: another poll may have stored the mail in between.
    if (attempt++ > 0 && (await alreadyIngested(deps, ctx.identity))) return DUPLICATE;
    const contacts = ctx.poll.contacts;
    const thread = await findThread(deps, mail);
    if (!thread && autoReply) return onceOnly(transact(deps.db, [ctx.dedupe]).then(() => ({ kind: 'auto-reply' })));
    if (!thread && !ctx.poll.settings.mailbox.createNewThreads) return { kind: 'skipped', reason: 'No thread matches and "create new threads" is off.', leaveOnServer: true };
    const contact = thread ? contacts.find((c) => c.id === thread.thread.contactId) : contactFor(mail, contacts);
    if (!contact) return { kind: 'skipped', reason: 'No contact saves messages.', leaveOnServer: true };
    const from = fromAddress(mail);
    const decision = decideCustomerMessage(
      thread?.thread ?? null,
      {
        contactId: contact.id,
        email: thread?.thread.email ?? normalizeEmail(from || 'unknown@invalid'),
        name: singleLine(mail.from?.value[0]?.name ?? '', MAX_NAME_LENGTH) || undefined,
        lang: thread?.thread.lang ?? languageOf(mail),
        text: bodyText(mail),
        html: typeof mail.html === 'string' && Buffer.byteLength(mail.html) <= MAX_HTML_BYTES ? mail.html : undefined,
        subject: cleanSubject(mail.subject ?? ''),
        attachments: attachments.refs,
        source: 'mail',
        messageIdHeader: mail.messageId && mail.messageId.length <= MAX_MESSAGE_ID_LENGTH ? mail.messageId : undefined,
        autoReply,
        senderMismatch: Boolean(thread && from && from !== thread.thread.email),
        fromAddress: thread && from && from !== thread.thread.email ? from : undefined,
        rawKey: ctx.rawKey,
      },
      deps.now(),
      deps.ids,
    );
    // Neither an auto-reply nor list mail sets off a mail of ours (M4, M7).
    const inCharge = thread?.thread.employeeId && ctx.kind === 'person' ? await getEmployee(deps.db, thread.thread.employeeId) : undefined;
    if (inCharge?.active) decision.mails.push({ kind: 'employee-notification', messageId: decision.messages[0]!.id, to: { address: inCharge.email, name: inCharge.name, lang: inCharge.lang } });
    const outbox = outboxMails(deps, decision, { contact, history: thread?.messages ?? [] });
    await commit(deps.db, decision, { outbox, items: [ctx.dedupe, ...attachments.items] });
    if (autoReply) return { kind: 'auto-reply', threadId: decision.thread.id };
    return { kind: 'stored', threadId: decision.thread.id, newThread: !thread };
  });
}

/** By In-Reply-To/References first (newest first), then by the subject markers with their token (M2). */
async function findThread(deps: Deps, mail: ParsedMail) {
  const refs = [mail.inReplyTo, ...[mail.references ?? []].flat().reverse()].filter((r): r is string => Boolean(r));
  for (const ref of [...new Set(refs)].slice(0, 20)) {
    const threadId = await threadOfMailId(deps.db, ref);
    if (threadId) {
      const collection = await getThreadCollection(deps.db, threadId);
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

/** A display value: one line, no control characters, bounded. */
function singleLine(value: string, max: number): string {
  return value.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim().slice(0, max);
}

/** The part's declared type when it is one (it becomes an S3 header and a download's Content-Type), else a neutral one. */
function mediaType(declared: string | undefined): string {
  return declared && declared.length <= 127 && /^[\w.+-]+\/[\w.+-]+$/.test(declared) ? declared.toLowerCase() : 'application/octet-stream';
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
  for (const a of mail.attachments.slice(0, MAX_ATTACHMENTS)) {
    if (/^message\/(delivery-status|disposition-notification)/i.test(a.contentType)) continue;
    const id = deps.ids.newId();
    const ref: AttachmentRef = {
      id,
      fileName: displayName(a.filename ?? `attachment-${refs.length + 1}`),
      contentType: mediaType(a.contentType),
      size: a.size ?? a.content.length,
      key: `attachments/${id}`,
      inline: a.contentDisposition === 'inline' || undefined,
    };
    await deps.s3.send(new PutObjectCommand({ Bucket: deps.config.bucketName, Key: ref.key, Body: a.content, ContentType: ref.contentType }));
    refs.push(ref);
  }
  return { refs, items: refs.map(attachmentItem) };
}

