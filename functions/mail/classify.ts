// What kind of mail arrived (M4): our own, a delivery report, an auto-reply, or a person's message.
import type { HeaderValue, ParsedMail } from 'mailparser';

/** `list`: mailing-list mail, stored as a customer message that triggers no automatic mail. */
export type MailKind = 'own' | 'bounce' | 'auto-reply' | 'list' | 'person';

function header(mail: ParsedMail, name: string): string {
  const value: HeaderValue | undefined = mail.headers.get(name);
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && 'value' in value) return String((value as { value: unknown }).value);
  return String(value);
}

export function fromAddress(mail: ParsedMail): string {
  return (mail.from?.value[0]?.address ?? '').toLowerCase();
}

/** `sender`: the desk's sending address; `deskAddresses`: every address of the desk (sender, mailbox, contacts), in lower case. */
export function classifyMail(mail: ParsedMail, sender: string, deskAddresses: string[]): MailKind {
  const from = fromAddress(mail);
  if (from && from === sender) return 'own';
  if (isDeliveryReport(mail, from)) return 'bounce';
  if (isAutoReply(mail, deskAddresses)) return 'auto-reply';
  if (isListMail(mail)) return 'list';
  return 'person';
}

function isDeliveryReport(mail: ParsedMail, from: string): boolean {
  const type = header(mail, 'content-type').toLowerCase();
  const params = (mail.headers.get('content-type') as { params?: Record<string, string> } | undefined)?.params ?? {};
  if (type.includes('multipart/report') && /delivery-status/i.test(params['report-type'] ?? 'delivery-status')) return true;
  if (mail.attachments.some((a) => /message\/delivery-status|message\/global-delivery-status/i.test(a.contentType))) return true;
  return /^(mailer-daemon|postmaster)@/i.test(from);
}

/** Headers whose mere presence marks a mail written by a program: responders (vacation, procmail, FirstClass) and Exchange inbox rules. */
const AUTO_REPLY_HEADERS = ['x-autoreply', 'x-autorespond', 'x-autoresponder', 'x-autoreply-from', 'x-mail-autoreply', 'x-ms-exchange-inbox-rules-loop'];

/**
 * RFC 3834 (Auto-Submitted other than "no") and the known peers: Precedence bulk/junk/auto_reply,
 * X-Autoreply, X-Autorespond, an X-Loop that names the desk, the out-of-office marks of Exchange and
 * others. X-Auto-Response-Suppress is a request to the recipient (do not auto-reply to this), sent
 * with many first mails of CRMs and ticket systems: it marks nothing (M7).
 */
export function isAutoReply(mail: ParsedMail, deskAddresses: string[]): boolean {
  const auto = header(mail, 'auto-submitted').toLowerCase().split(';')[0]!.trim();
  if (auto && auto !== 'no') return true;
  const precedence = `${header(mail, 'precedence')} ${header(mail, 'x-precedence')}`.toLowerCase();
  if (/\b(bulk|junk|auto_reply|auto-reply)\b/.test(precedence)) return true;
  if (AUTO_REPLY_HEADERS.some((name) => mail.headers.has(name))) return true;
  if (/^true$/i.test(header(mail, 'x-fc-machinegenerated').trim())) return true;
  if (/autoresponder|auto-?reply|out of office/i.test(header(mail, 'x-ms-exchange-generated-message-source') + header(mail, 'x-post-messageclass'))) return true;
  const loop = header(mail, 'x-loop').toLowerCase();
  return Boolean(loop) && deskAddresses.some((address) => loop.includes(address));
}

/** Mailing-list mail (RFC 2919 List-Id, Precedence: list): a customer message, but nothing answers it automatically. */
export function isListMail(mail: ParsedMail): boolean {
  return mail.headers.has('list-id') || /\blist\b/.test(header(mail, 'precedence').toLowerCase());
}

/** Message-IDs named in a delivery report: the original message's headers or the report's own fields. */
export function reportedMessageIds(mail: ParsedMail): string[] {
  const texts = [mail.text ?? '', ...mail.attachments.map((a) => a.content.toString('utf8'))];
  const ids = new Set<string>();
  for (const text of texts) for (const m of text.matchAll(/^(?:Original-)?Message-ID:\s*(<[^>\s]+>)/gim)) ids.add(m[1]!);
  return [...ids];
}

export function bounceReason(mail: ParsedMail): string {
  const texts = [...mail.attachments.map((a) => a.content.toString('utf8')), mail.text ?? ''];
  for (const text of texts) {
    const diagnostic = /^Diagnostic-Code:\s*(?:smtp;\s*)?(.+(?:\r?\n[ \t].+)*)/im.exec(text);
    if (diagnostic) return diagnostic[1]!.replace(/\s+/g, ' ').trim().slice(0, 300);
    const status = /^Status:\s*([245]\.\d+\.\d+)/im.exec(text);
    if (status) return `Delivery failed with status ${status[1]}`;
  }
  return (mail.subject ?? 'Delivery failed').slice(0, 300);
}

export function mailHeader(mail: ParsedMail, name: string): string {
  return header(mail, name);
}
