// Request shapes of the agents' routes (A1–A10): what every request is validated with.
import { DateTime, DeskId, Email, Id, Lang, ListQuery, localizedMap, MessageText, RequiredLine, SingleLine, Status, text, TEXT, TEXT_NOT_BLANK, UploadIds } from './common';
import { ORDER_REFERENCE } from './public-requests';
import { MAX_TAG_LENGTH, MAX_TAGS, normalizeTags } from '../../desk/threads';
import './zod';
import * as z from 'zod';

/** A tag (T2): one line without commas, at most 32 characters; kept trimmed, in lower case, inner spaces as one hyphen. */
export const TAG = /^[^\u0000-\u001f\u007f\u2028\u2029,]*[^\s\u0000-\u001f\u007f\u2028\u2029,][^\u0000-\u001f\u007f\u2028\u2029,]*$/;

export const Tag = text(MAX_TAG_LENGTH, TAG, 'A tag is one line of at most 32 characters, without commas.')
  .transform((t) => normalizeTags([t])[0]!)
  .openapi({ description: 'Kept trimmed, in lower case, with inner white space as one hyphen ("Late Delivery" is late-delivery).', example: 'late-delivery' });

export const ThreadListQuery = ListQuery.extend({
  contactId: Id.optional(),
  status: Status.optional().openapi({ example: 'open' }),
  employeeId: z
    .string()
    .regex(/^(?:[A-Za-z0-9_-]{16}|me|none)$/, 'An employee id, me or none.')
    .optional()
    .openapi({ description: 'An employee’s id; `me` for the caller’s threads, `none` for the threads nobody is in charge of (T1).', minLength: 2, maxLength: 16 }),
  tag: Tag.optional().openapi({ description: 'Threads with this tag (T2), normalized like the tags themselves.' }),
  email: Email.optional(),
  lang: Lang.optional(),
  orderReference: SingleLine(64).optional(),
});

export const ThreadPatch = z
  .object({
    status: Status.optional(),
    employeeId: DeskId.nullable()
      .optional()
      .openapi({ description: 'Assign (T1) to an active employee; null unassigns. An unknown or inactive employee gets 400 unknown-reference.' }),
    tags: z.array(Tag).max(MAX_TAGS, `At most ${MAX_TAGS} tags.`).optional().openapi({ description: 'The thread’s tags, replacing the previous ones (T2); [] removes them all.' }),
  })
  .strict()
  .openapi('ThreadChange', { example: { status: 'pending1', tags: ['late-delivery'] } });

/** Per list, for Cc and for Bcc (T6). */
export const MAX_COPIES = 5;

export const ReplyBody = z
  .object({
    message: MessageText,
    status: Status.optional(),
    uploadIds: UploadIds,
    lastSeenMessageId: DeskId.optional().openapi({ description: 'The newest customer message the agent saw (thread.lastCustomerMessageId); another thread’s message gets 400 unknown-reference.' }),
    force: z.boolean().optional(),
    cc: z.array(Email).max(MAX_COPIES, `At most ${MAX_COPIES} addresses.`).optional().openapi({ description: 'Copies of the reply (T6), in the mail’s Cc header; an answer from one of them joins the thread' }),
    bcc: z.array(Email).max(MAX_COPIES, `At most ${MAX_COPIES} addresses.`).optional().openapi({ description: 'Blind copies (T6): in the mail’s envelope only' }),
  })
  .openapi('Reply', { example: { message: 'Dear Jane,\n\nyour parcel left today.\n\nRegards', status: 'closed' } });

export const NoteBody = z.object({ message: MessageText }).openapi('Note', { example: { message: 'Customer called, waiting for the carrier.' } });

export const ForwardBody = z
  .union([
    z
      .object({
        employeeId: DeskId.openapi({ description: 'An active employee (GET /v1/employees); an unknown or inactive one gets 400 unknown-reference.' }),
        comment: text(2000, TEXT, 'Must not contain NUL characters.', { trim: true }).optional(),
      })
      .strict(),
    z.object({ email: Email, comment: text(2000, TEXT_NOT_BLANK, 'A comment is required when forwarding to someone else.', { trim: true, min: 1 }) }).strict(),
  ])
  .openapi('Forward', { example: { email: 'carrier@example.com', comment: 'Please check where this parcel is.' } });

export const NextQuery = z.object({ after: DeskId.optional().openapi({ description: 'The thread after which to look, in list order.' }) });

export const CustomerBody = z
  .object({ firstName: SingleLine(100).optional(), lastName: SingleLine(100).optional(), registeredAt: DateTime.optional() })
  .openapi('CustomerUpsert', { example: { firstName: 'Jane', lastName: 'Doe', registeredAt: '2025-03-01T09:00:00Z' } });

export const EmailParams = z.object({ email: Email });

export const ReferenceParams = z.object({ reference: text(64, ORDER_REFERENCE, 'Letters, digits and # _ . - only.').openapi({ example: 'XKBKNABJK' }) });

export const OrderBody = z
  .object({
    customerEmail: Email,
    totalPaid: z.union([z.number().min(0).max(1e12), z.string().regex(/^\d{1,12}(\.\d{1,6})?$/, 'A decimal amount such as 59.90.').transform(Number)]),
    currency: z.string().regex(/^[A-Z]{3}$/, 'An ISO 4217 code such as EUR.'),
    placedAt: DateTime,
    state: RequiredLine(64),
    valid: z.boolean().default(true).openapi({ description: 'Paid and neither cancelled nor refunded (PrestaShop’s valid); only valid orders count in total spent' }),
  })
  .openapi('OrderUpsert', { example: { customerEmail: 'jane@example.com', totalPaid: 59.9, currency: 'EUR', placedAt: '2026-11-20T14:03:00Z', state: 'Shipped', valid: true } });

export const OrderMessageSend = z
  .union([
    z.object({ orderMessageId: DeskId.openapi({ description: 'A predefined order message (GET /v1/order-messages); an unknown one gets 404.' }) }).strict(),
    z.object({ message: MessageText }).strict(),
  ])
  .openapi('OrderMessageSend', { example: { message: 'Your parcel left our warehouse today.' } });

const PLACEHOLDER_HELP = 'Placeholders, filled when listed for a thread: {customerName}, {firstName}, {lastName}, {email}, {orderReference}.';

export const SavedReplyCreate = z
  .object({ name: localizedMap(128, 'line'), text: localizedMap(5000, 'text').openapi({ description: PLACEHOLDER_HELP }) })
  .strict()
  .openapi('SavedReplyCreate', {
    example: { name: { en: 'Parcel on its way', fr: 'Colis en route' }, text: { en: 'Dear {customerName},\n\nyour order {orderReference} left today.', fr: 'Bonjour {customerName},\n\nvotre commande {orderReference} est partie aujourd’hui.' } },
  });

export const SavedReplyPatch = z
  .object({ name: localizedMap(128, 'line').optional(), text: localizedMap(5000, 'text').optional().openapi({ description: PLACEHOLDER_HELP }) })
  .strict()
  .openapi('SavedReplyPatch');

export const SavedRepliesQuery = z.object({
  threadId: DeskId.optional().openapi({ description: 'Fill each reply for this thread (its language, customer and order); an unknown thread gets 404.' }),
});
