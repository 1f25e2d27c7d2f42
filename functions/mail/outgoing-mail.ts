// Turns the mail intents of a decision into rendered outbox mails with the thread's markers and references (S2).
import { markersOf } from '../desk/markers';
import type { Contact, Lang, MailIntent, Message, Thread, ThreadDecision } from '../desk/model';
import { headerSafe } from '../desk/text';
import { localize } from '../desk/vocabulary';
import type { Deps } from '../deps';
import {
  assignedMail,
  confirmationMail,
  contactNotificationMail,
  customerAnsweredMail,
  forwardMail,
  replyMail,
  type ConversationLine,
  type Rendered,
} from './templates';
import type { Address, OutboxMail } from '../store/outbox';

export interface MailContext {
  thread: Thread;
  contact: Contact;
  /** Earlier messages of the thread, oldest first (for quotes and forwards). */
  history: Message[];
  /** The employee who acts (named in forwards). */
  actorName?: string;
  /** The message is only e-mailed (a contact that saves nothing): no markers, no link, no thread. */
  unsaved?: boolean;
}

/**
 * The customer's link to their thread: the thread page, with the token in the fragment so that no server or CDN
 * log ever holds it (U1); the API's JSON view where no pages are deployed.
 */
export function threadLink(deps: Deps, thread: Thread): string | undefined {
  const web = deps.config.webUrl?.replace(/\/+$/, '');
  if (web) return `${web}/t/${thread.id}#${thread.token}`;
  const api = deps.config.publicUrl?.replace(/\/+$/, '');
  return api ? `${api}/v1/public/threads/${thread.id}?token=${thread.token}` : undefined;
}

export function outboxMails(deps: Deps, decision: ThreadDecision, ctx: Omit<MailContext, 'thread'>): OutboxMail[] {
  const full: MailContext = { ...ctx, thread: decision.thread };
  const mails = decision.mails.map((intent) => renderIntent(deps, intent, full, decision.messages));
  for (const mail of mails) {
    const message = decision.messages.find((m) => m.id === mail.messageId && m.delivery);
    if (message?.delivery && mail.kind === 'reply') message.delivery.outboxId = mail.id;
  }
  return mails;
}

function renderIntent(deps: Deps, intent: MailIntent, ctx: MailContext, added: Message[]): OutboxMail {
  const { thread, contact } = ctx;
  const contactName = localize(contact.name, thread.lang);
  const message = 'messageId' in intent ? added.find((m) => m.id === intent.messageId) : undefined;
  const toCustomer: Address[] = [{ address: thread.email, name: thread.customerName }];
  const link = ctx.unsaved ? undefined : threadLink(deps, thread);
  switch (intent.kind) {
    case 'reply': {
      const previous = [...ctx.history].reverse().find((m) => m.kind === 'customer' && !m.autoReply);
      const r = replyMail({ lang: thread.lang, threadLink: link }, message!.text, thread.subject, previous?.text);
      return customerMail(deps, ctx, r, { kind: 'reply', automatic: false, message, fromName: message?.employeeName ? `${message.employeeName} — ${contactName}` : contactName });
    }
    case 'customer-confirmation':
      // Addressed without the name the form gave: the sender chooses nothing in the confirmation (C4).
      return customerMail(deps, ctx, confirmationMail({ lang: thread.lang, threadLink: link }), { kind: 'customer-confirmation', automatic: true, fromName: contactName, bareAddress: true });
    case 'contact-notification': {
      const r = contactNotificationMail(thread.lang, contactName, { email: thread.email, name: thread.customerName }, message!.text, thread.orderReference);
      return base(deps, r, { kind: 'contact-notification', to: [{ address: contact.email, name: contactName }], replyTo: toCustomer, automatic: true, thread, fromName: contactName, attachments: message!.attachments, unsaved: ctx.unsaved });
    }
    case 'employee-notification': {
      const lang = intent.to.lang ?? 'en';
      const r = customerAnsweredMail(lang, thread.email, message!.text, thread.id);
      return base(deps, r, { kind: 'employee-notification', to: [intent.to], replyTo: toCustomer, automatic: true, thread, fromName: contactName, attachments: [], lang });
    }
    case 'assignment': {
      const lang = intent.to.lang ?? 'en';
      const last = [...ctx.history].reverse().find((m) => m.kind === 'customer' && !m.autoReply);
      const r = assignedMail(lang, intent.byName, thread.customerName ? `${thread.customerName} <${thread.email}>` : thread.email, thread.id, last?.text);
      return base(deps, r, { kind: 'assignment', to: [intent.to], automatic: true, thread, fromName: contactName, attachments: [], lang });
    }
    case 'forward-employee':
    case 'forward-other': {
      const lines: ConversationLine[] = ctx.history
        .filter((m) => m.kind !== 'note')
        .map((m) => ({ author: m.kind === 'customer' ? 'customer' : 'employee', name: m.kind === 'customer' ? (m.from?.name ?? m.from?.address ?? thread.email) : (m.employeeName ?? ''), at: m.createdAt, text: m.text }));
      const by = ctx.actorName ?? contactName;
      // An employee reads the desk in their own language; someone else gets the thread's.
      const lang = intent.kind === 'forward-employee' ? (intent.to.lang ?? 'en') : thread.lang;
      const r = forwardMail(lang, by, thread.customerName ? `${thread.customerName} <${thread.email}>` : thread.email, thread.id, intent.comment, lines);
      return base(deps, r, { kind: intent.kind, to: [intent.to], replyTo: toCustomer, automatic: intent.kind === 'forward-employee', thread, fromName: contactName, attachments: [], lang });
    }
  }
}

function customerMail(
  deps: Deps,
  ctx: MailContext,
  r: Rendered,
  o: { kind: string; automatic: boolean; message?: Message; fromName: string; bareAddress?: boolean },
): OutboxMail {
  const { thread } = ctx;
  const subject = ctx.unsaved ? r.subject : `${markersOf(thread)} ${r.subject}`;
  const mail = base(deps, { ...r, subject }, {
    kind: o.kind,
    to: [{ address: thread.email, name: o.bareAddress ? undefined : thread.customerName }],
    replyTo: [{ address: deps.config.mailboxAddress, name: o.fromName }],
    automatic: o.automatic,
    thread,
    fromName: o.fromName,
    attachments: o.message?.attachments ?? [],
    unsaved: ctx.unsaved,
  });
  const references = thread.references.filter((r) => r.length > 0);
  const copies = {
    cc: o.message?.cc?.map((address) => safeAddress({ address })),
    bcc: o.message?.bcc?.map((address) => safeAddress({ address })),
  };
  return { ...mail, ...copies, toCustomer: true, inReplyTo: references[references.length - 1], references, messageId: o.message?.id, messageCreatedAt: o.message?.createdAt };
}

function base(
  deps: Deps,
  r: Rendered,
  o: { kind: string; to: Address[]; replyTo?: Address[]; automatic: boolean; thread: Thread; fromName: string; attachments: Message['attachments']; unsaved?: boolean; lang?: Lang },
): OutboxMail {
  return {
    id: deps.ids.newId(),
    kind: o.kind,
    createdAt: deps.now().toISOString(),
    state: 'queued',
    attempts: 0,
    fromName: headerSafe(o.fromName),
    to: o.to.map(safeAddress),
    replyTo: o.replyTo?.map(safeAddress),
    subject: headerSafe(r.subject),
    text: r.text,
    html: r.html,
    automatic: o.automatic,
    toCustomer: false,
    attachments: o.attachments.map((a) => ({ key: a.key, fileName: a.fileName, contentType: a.contentType })),
    threadId: o.unsaved ? undefined : o.thread.id,
    lang: o.lang ?? o.thread.lang,
  };
}

function safeAddress(a: Address): Address {
  return { address: headerSafe(a.address), name: a.name ? headerSafe(a.name) : undefined };
}
