// The desk's vocabulary as plain types: threads, messages, contacts, employees and what a change decides.

export const STATUSES = ['open', 'closed', 'pending1', 'pending2'] as const;
export type Status = (typeof STATUSES)[number];

export const LANGS = ['en', 'fr', 'de', 'es', 'ru'] as const;
export type Lang = (typeof LANGS)[number];
export type Localized = { en: string } & Partial<Record<Lang, string>>;

export type MessageKind = 'customer' | 'employee' | 'note';
export type DeliveryState = 'queued' | 'sent' | 'failed' | 'bounced';

export interface AttachmentRef {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
  key: string;
  inline?: boolean;
}

export interface Thread {
  id: string;
  contactId: string;
  email: string;
  customerName?: string;
  orderReference?: string;
  lang: Lang;
  status: Status;
  token: string;
  employeeId?: string;
  employeeName?: string;
  /** Free tags (T2), normalized: lower case, no duplicates, sorted. */
  tags?: string[];
  createdAt: string;
  lastMessageAt: string;
  lastMessagePreview: string;
  lastMessageFrom: MessageKind;
  lastCustomerMessageId?: string;
  /** Digest and time of the last customer message: a form submitted twice is stored once. */
  lastCustomerDigest?: string;
  lastCustomerAt?: string;
  /** Customer messages created after this instant are unread. */
  readThrough: string;
  unread: number;
  firstResponseAt?: string;
  firstClosedAt?: string;
  /** Message-IDs of the conversation, oldest first, for In-Reply-To/References of outgoing mail. */
  references: string[];
  subject?: string;
  version: number;
}

export interface Message {
  id: string;
  threadId: string;
  kind: MessageKind;
  createdAt: string;
  text: string;
  html?: string;
  from?: { address: string; name?: string };
  employeeId?: string;
  employeeName?: string;
  attachments: AttachmentRef[];
  /** RFC 5322 Message-ID of the mail that carried this message (in or out), once known. */
  messageIdHeader?: string;
  delivery?: { state: DeliveryState; outboxId: string; sesMessageId?: string; reason?: string; updatedAt: string };
  source: 'form' | 'mail' | 'portal' | 'api' | 'order-message';
  autoReply?: boolean;
  senderMismatch?: boolean;
  subject?: string;
  rawKey?: string;
  /** A reply's copies (T6): Cc is in the mail's header, Bcc only in its envelope. */
  cc?: string[];
  bcc?: string[];
}

/** An entry of the thread's audit trail (T5), written in the transaction of the change it records. */
export interface ThreadEvent {
  id: string;
  threadId: string;
  kind: 'forward' | 'status' | 'assignment' | 'tags';
  createdAt: string;
  byEmployeeId: string;
  byEmployeeName: string;
  /** forward: the employee or address it went to; assignment: the new assignee (none when unassigned). */
  toEmployeeId?: string;
  toName?: string;
  toEmail?: string;
  comment?: string;
  /** assignment: who was in charge before. */
  fromEmployeeId?: string;
  fromName?: string;
  /** status */
  fromStatus?: Status;
  toStatus?: Status;
  /** tags */
  added?: string[];
  removed?: string[];
}

export interface Contact {
  id: string;
  name: Localized;
  description: Localized;
  email: string;
  saveMessages: boolean;
  position: number;
  version: number;
}

export interface Employee {
  id: string;
  name: string;
  email: string;
  role: 'admin' | 'agent';
  active: boolean;
  /** The language of the console and of the desk's mails to them; employees created before it have none (en). */
  lang?: Lang;
  createdAt: string;
  version: number;
}

export interface CounterDelta {
  total?: number;
  open?: number;
  closed?: number;
  pending1?: number;
  pending2?: number;
  unread?: number;
  customerMessages?: number;
  employeeMessages?: number;
  notes?: number;
  /** Threads not closed that nobody is in charge of (T1). */
  unassigned?: number;
}

export interface DurationSample {
  kind: 'firstResponse' | 'timeToClose';
  seconds: number;
  at: string;
}

/** An employee as the recipient of a desk mail: written in their language, not the thread's. */
export interface EmployeeAddress {
  address: string;
  name?: string;
  lang?: Lang;
}

/** A mail to write to the outbox, named by kind; the use-case renders it with the templates. */
export type MailIntent =
  | { kind: 'reply'; messageId: string }
  | { kind: 'contact-notification'; messageId: string }
  | { kind: 'customer-confirmation'; messageId: string }
  | { kind: 'employee-notification'; messageId: string; to: EmployeeAddress }
  | { kind: 'forward-employee'; to: EmployeeAddress; comment?: string }
  | { kind: 'assignment'; to: EmployeeAddress; byName: string }
  | { kind: 'forward-other'; to: { address: string; name?: string }; comment: string };

export interface ThreadDecision {
  thread: Thread;
  /** The version the stored thread must still have; null when the thread is new. */
  expectedVersion: number | null;
  previous: Thread | null;
  messages: Message[];
  events: ThreadEvent[];
  counters: { contactId: string; delta: CounterDelta }[];
  /** Not-closed threads per employee in charge ("mine", T1). */
  assigned: { employeeId: string; delta: number }[];
  /** Threads per tag (T2). */
  tagCounts: { tag: string; delta: number }[];
  durations: DurationSample[];
  mails: MailIntent[];
}
