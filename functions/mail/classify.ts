// What kind of mail arrived (M4): our own, a delivery report, an auto-reply, or a person's message.
import type { HeaderValue, ParsedMail } from 'mailparser';

export type MailKind = 'own' | 'bounce' | 'auto-reply' | 'person';

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

export function classifyMail(mail: ParsedMail, ownAddresses: string[]): MailKind {
  const from = fromAddress(mail);
  if (from && ownAddresses.includes(from)) return 'own';
  if (isDeliveryReport(mail, from)) return 'bounce';
  if (isAutoReply(mail)) return 'auto-reply';
  return 'person';
}

function isDeliveryReport(mail: ParsedMail, from: string): boolean {
  const type = header(mail, 'content-type').toLowerCase();
  const params = (mail.headers.get('content-type') as { params?: Record<string, string> } | undefined)?.params ?? {};
  if (type.includes('multipart/report') && /delivery-status/i.test(params['report-type'] ?? 'delivery-status')) return true;
  if (mail.attachments.some((a) => /message\/delivery-status|message\/global-delivery-status/i.test(a.contentType))) return true;
  return /^(mailer-daemon|postmaster)@/i.test(from);
}

/** RFC 3834 and the de-facto headers of common autoresponders and mailing lists. */
export function isAutoReply(mail: ParsedMail): boolean {
  const auto = header(mail, 'auto-submitted').toLowerCase();
  if (auto && auto !== 'no') return true;
  const precedence = `${header(mail, 'precedence')} ${header(mail, 'x-precedence')}`.toLowerCase();
  if (/\b(bulk|junk|list|auto_reply)\b/.test(precedence)) return true;
  if (mail.headers.has('x-autoreply') || mail.headers.has('x-autorespond') || mail.headers.has('x-loop')) return true;
  if (/\b(all|oof|autoreply)\b/i.test(header(mail, 'x-auto-response-suppress'))) return true;
  return mail.headers.has('list-id') || mail.headers.has('list-unsubscribe');
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
