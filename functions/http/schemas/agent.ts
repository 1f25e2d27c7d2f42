// Response shapes of the agents' routes (A1–A10): read only by the OpenAPI document, which routes name them for (schemas/responses.ts).
import { Lang, Status } from './common';
import { Attachment, page, Timestamp } from './common-responses';
import { STATUSES } from '../../desk/model';
import { PLACEHOLDERS } from '../../desk/saved-replies';
import { OrderMessage } from './admin';
import './zod';
import * as z from 'zod';

const Median = z.object({ allTime: z.number().nullable(), last7Days: z.number().nullable(), last30Days: z.number().nullable() });

export const Dashboard = z
  .object({
    boxes: z.array(
      z.object({
        contactId: z.string(),
        name: z.string(),
        saveMessages: z.boolean(),
        total: z.number().int(),
        open: z.number().int(),
        unread: z.number().int(),
        pending: z.number().int(),
        closed: z.number().int(),
        unassigned: z.number().int().openapi({ description: 'Threads of the box not closed that nobody is in charge of (T1)' }),
        oldestOpenThreadId: z.string().nullable(),
      }),
    ),
    statuses: z.array(z.object({ status: Status, label: z.string(), color: z.string(), meaning: z.string() })),
    statistics: z.object({
      totalThreads: z.number().int(),
      pendingThreads: z.number().int(),
      customerMessages: z.number().int(),
      employeeMessages: z.number().int(),
      unreadThreads: z.number().int(),
      closedThreads: z.number().int(),
      openThreads: z.number().int(),
      unreadMessages: z.number().int(),
      medianFirstResponseSeconds: Median,
      medianTimeToCloseSeconds: Median,
    }),
    assignment: z
      .object({ mine: z.number().int(), unassigned: z.number().int() })
      .openapi({ description: 'Threads not closed in the caller’s charge ("mine") and in nobody’s (T1), counted like the boxes' }),
  })
  .openapi('Dashboard');

export const ThreadRow = z
  .object({
    id: z.string(),
    customerName: z.string().nullable(),
    email: z.string(),
    contactId: z.string(),
    contactName: z.string().nullable(),
    lang: Lang,
    status: Status,
    employeeId: z.string().nullable(),
    employeeName: z.string().nullable(),
    orderReference: z.string().nullable(),
    tags: z.array(z.string()),
    lastMessagePreview: z.string(),
    lastMessageAt: Timestamp,
    lastMessageFrom: z.enum(['customer', 'employee', 'note']),
    unread: z.number().int(),
    createdAt: Timestamp,
  })
  .openapi('ThreadRow');

export const ThreadSummary = z
  .object({
    id: z.string(),
    contactId: z.string(),
    contactName: z.string().nullable().optional(),
    email: z.string(),
    customerName: z.string().nullable(),
    lang: Lang,
    status: Status,
    employeeId: z.string().nullable(),
    employeeName: z.string().nullable(),
    orderReference: z.string().nullable(),
    tags: z.array(z.string()),
    subject: z.string().nullable(),
    createdAt: Timestamp,
    lastMessageAt: Timestamp,
    lastMessageFrom: z.enum(['customer', 'employee', 'note']),
    lastCustomerMessageId: z.string().nullable(),
    unread: z.number().int(),
    version: z.number().int(),
  })
  .openapi('ThreadSummary');

export const MessageView = z
  .object({
    id: z.string(),
    kind: z.enum(['customer', 'employee', 'note']),
    authorName: z.string().nullable(),
    employeeId: z.string().nullable(),
    from: z.object({ address: z.string(), name: z.string().optional() }).nullable(),
    createdAt: Timestamp,
    text: z.string(),
    html: z.string().nullable().openapi({ description: 'Sanitized HTML of an incoming mail' }),
    subject: z.string().nullable(),
    read: z.boolean(),
    attachments: z.array(Attachment),
    delivery: z
      .object({ state: z.enum(['queued', 'sent', 'failed', 'bounced']), sesMessageId: z.string().nullable(), reason: z.string().nullable(), updatedAt: Timestamp })
      .nullable(),
    source: z.string(),
    autoReply: z.boolean(),
    senderMismatch: z.boolean().openapi({ description: 'A mail from another address than the customer’s, e.g. an answer from a Cc’d address (T6)' }),
    cc: z.array(z.string()).openapi({ description: 'A reply’s copies (T6)' }),
    bcc: z.array(z.string()).openapi({ description: 'A reply’s blind copies (T6); never shown to the customer' }),
  })
  .openapi('Message');

const Order = z
  .object({ id: z.string(), reference: z.string(), customerEmail: z.string(), totalPaid: z.number(), currency: z.string(), placedAt: Timestamp, state: z.string(), valid: z.boolean(), updatedAt: Timestamp })
  .openapi('Order');

export const AuditEvent = z
  .object({
    id: z.string(),
    kind: z.enum(['forward', 'status', 'assignment', 'tags']),
    at: Timestamp,
    byEmployeeId: z.string(),
    byEmployeeName: z.string(),
    fromStatus: z.enum(STATUSES).nullable(),
    toStatus: z.enum(STATUSES).nullable(),
    fromEmployeeId: z.string().nullable(),
    fromName: z.string().nullable(),
    toEmployeeId: z.string().nullable(),
    toName: z.string().nullable(),
    toEmail: z.string().nullable(),
    comment: z.string().nullable(),
    added: z.array(z.string()),
    removed: z.array(z.string()),
  })
  .openapi('AuditEvent', { description: 'A change of the thread by an employee (T5): status, assignment (toEmployeeId null: unassigned), tags, forward' });

export const ThreadView = z
  .object({
    thread: ThreadSummary,
    messages: z.array(MessageView),
    forwards: z.array(
      z.object({ id: z.string(), at: Timestamp, byEmployeeId: z.string(), byEmployeeName: z.string(), toEmployeeId: z.string().nullable(), toName: z.string().nullable(), toEmail: z.string(), comment: z.string().nullable() }),
    ),
    customer: z.object({
      email: z.string(),
      name: z.string().nullable(),
      registered: z.boolean(),
      registeredAt: z.string().nullable(),
      ordersCount: z.number().int(),
      validOrdersCount: z.number().int(),
      totalSpent: z.array(z.object({ currency: z.string(), amount: z.number() })).openapi({ description: 'The sum of the valid orders per currency (A10)' }),
    }),
    events: z.array(AuditEvent),
    order: Order.nullable().openapi({ description: 'The thread’s order (orderReference) once the shop has pushed it as this customer’s; null before (A10)' }),
    timeline: z.array(
      z.object({
        type: z.enum(['order', 'message', 'forward', 'status', 'assignment', 'tags']),
        at: Timestamp,
        order: z.unknown().optional(),
        message: z.unknown().optional(),
        forward: z.unknown().optional(),
        event: AuditEvent.optional(),
      }),
    ),
    history: z
      .array(
        z.object({
          id: z.string(),
          status: Status,
          contactId: z.string(),
          contactName: z.string().nullable(),
          lastMessageAt: Timestamp,
          lastMessagePreview: z.string(),
          orderReference: z.string().nullable(),
        }),
      )
      .openapi({ description: 'The customer’s other threads, newest activity first, at most 20 (T4); GET /v1/threads?email= lists them all' }),
    replyDraft: z.string(),
    nextUnansweredId: z.string().nullable(),
  })
  .openapi('ThreadView');

export const TagCount = z.object({ tag: z.string(), count: z.number().int() }).openapi('TagCount');

export const ReplyCreated = z.object({ message: MessageView, thread: ThreadSummary }).openapi('ReplyCreated');

export const ForwardResult = z
  .object({ id: z.string(), threadId: z.string(), at: Timestamp, toEmployeeId: z.string().nullable(), toName: z.string().nullable(), toEmail: z.string(), comment: z.string().nullable(), thread: ThreadSummary })
  .openapi('ForwardResult');

export const NextUnanswered = z.object({ id: z.string() }).openapi('NextUnanswered');

export const CustomerView = z
  .object({ id: z.string(), email: z.string(), firstName: z.string().nullable(), lastName: z.string().nullable(), registeredAt: z.string().nullable(), updatedAt: Timestamp })
  .openapi('Customer');

export const OrderView = Order;

export const SavedReply = z
  .object({
    id: z.string(),
    name: z.record(z.string(), z.string()),
    text: z.record(z.string(), z.string()),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    filled: z
      .object({ lang: Lang, name: z.string(), text: z.string(), missing: z.array(z.enum(PLACEHOLDERS)) })
      .optional()
      .openapi({ description: 'With ?threadId: the reply in the thread’s language with its placeholders filled; a placeholder without a value (an order reference the thread has not) stays as written and is named in missing' }),
  })
  .openapi('SavedReply');

const MailDelivery = z.object({ id: z.string(), kind: z.string(), to: z.array(z.string()), cc: z.array(z.string()), subject: z.string(), state: z.string(), createdAt: Timestamp, sesMessageId: z.string().nullable(), lastError: z.string().nullable() });

export const CustomerExport = z
  .object({
    email: z.string(),
    exportedAt: Timestamp,
    customer: z.object({ firstName: z.string().nullable(), lastName: z.string().nullable(), registeredAt: z.string().nullable(), updatedAt: Timestamp }).nullable(),
    orders: z.array(Order),
    threads: z.array(
      ThreadSummary.extend({
        messages: z.array(MessageView.extend({ internal: z.boolean().openapi({ description: 'A private note: never shown to the customer' }) })),
        events: z.array(AuditEvent),
        mailDeliveries: z.array(MailDelivery),
      }),
    ),
    unsavedMessages: z
      .array(
        z.object({
          id: z.string(),
          at: Timestamp,
          contactId: z.string(),
          text: z.string(),
          attachments: z.array(Attachment),
          mailDeliveries: z.array(MailDelivery),
        }),
      )
      .openapi({ description: 'Messages sent to a contact that saves none: kept only in the mails that carried them' }),
    mailFailures: z
      .array(z.object({ id: z.string(), at: Timestamp, reason: z.string(), size: z.number().int(), subject: z.string().nullable() }))
      .openapi({ description: 'Mails from this address that could not be stored (M6), kept raw until retried or dismissed' }),
  })
  .openapi('CustomerExport', { description: 'Everything the desk holds about one customer (T7); attachment urls are download links valid one hour' });

export const CustomerErasure = z
  .object({
    email: z.string(),
    threads: z.number().int(),
    messages: z.number().int().openapi({ description: 'Messages deleted, those sent to a contact that saves none included' }),
    attachments: z.number().int(),
    rawMails: z.number().int().openapi({ description: 'Raw mails deleted: those of its threads and of its mails that could not be stored' }),
    orders: z.number().int(),
    customer: z.boolean(),
  })
  .openapi('CustomerErasure', { description: 'What this call erased; a repeated call finds nothing more and answers zeros' });

export const ThreadPage = page(ThreadRow, 'ThreadPage');

export const TagPage = page(TagCount, 'TagPage');

const TeamMember = z.object({ id: z.string(), name: z.string(), active: z.boolean() }).openapi('TeamMember');

export const TeamPage = page(TeamMember, 'TeamPage');

export const SavedReplyPage = page(SavedReply, 'SavedReplyPage');

export const OrderMessagePage = page(OrderMessage, 'OrderMessagePage');

export const ResendQueued = z.object({ id: z.string(), state: z.literal('queued') });
