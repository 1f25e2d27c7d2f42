// Request and response shapes of the public routes (the shop's contact form and the customer's view).
import { anyText, Attachment, Email, Id, Lang, MessageText, SingleLine, Status, text, Timestamp, UploadIds } from './common';
import './zod';
import * as z from 'zod';

export const PublicContactsQuery = z.object({
  lang: anyText(35).optional().openapi({ description: 'The customer’s language (en, fr, de, es, ru); any other falls back to English.', example: 'fr' }),
});

/** An order reference as shops write them; a path segment too, so never only dots. */
export const ORDER_REFERENCE = /^\.*[A-Za-z0-9#_-][A-Za-z0-9#_.-]*$/;

export const PublicContacts = z
  .object({
    items: z.array(z.object({ id: z.string(), name: z.string(), description: z.string() })),
    uploads: z.object({ allowed: z.boolean(), maxBytes: z.number().int(), extensions: z.array(z.string()) }),
  })
  .openapi('PublicContacts', {
    example: {
      items: [{ id: 'customer-service', name: 'Customer service', description: 'For any question about a product or an order' }],
      uploads: { allowed: true, maxBytes: 10485760, extensions: ['txt', 'pdf', 'png'] },
    },
  });

export const ContactFormBody = z
  .object({
    contactId: Id.openapi({ description: 'The id of a contact that GET /v1/public/contacts offers; an unknown one gets 400 unknown-reference.' }),
    email: Email,
    name: SingleLine(100).optional(),
    orderReference: text(64, ORDER_REFERENCE, 'Letters, digits and # _ . - only.').optional(),
    message: MessageText,
    lang: Lang.default('en'),
    uploadIds: UploadIds,
    website: anyText(1000).optional().openapi({ description: 'Honeypot: leave empty. A filled value is treated as a robot.' }),
  })
  .openapi('ContactForm', {
    example: { contactId: 'customer-service', email: 'jane@example.com', name: 'Jane Doe', orderReference: 'XKBKNABJK', message: 'Where is my parcel?', lang: 'en' },
  });

export const ContactFormResult = z
  .object({ stored: z.boolean(), threadId: z.string().optional() })
  .openapi('ContactFormResult', { example: { stored: true, threadId: 'Qm9zc2VzAAAAxK3v' } });

export const TokenQuery = z.object({ token: anyText(200, 1).openapi({ description: 'The token of the customer’s link, from the desk’s mails.' }) });

export const CustomerThread = z
  .object({
    id: z.string(),
    status: Status,
    lang: Lang,
    contact: z.object({ id: z.string(), name: z.string() }).nullable(),
    orderReference: z.string().nullable(),
    createdAt: Timestamp,
    messages: z.array(
      z.object({
        id: z.string(),
        author: z.enum(['customer', 'employee']),
        authorName: z.string().nullable(),
        createdAt: Timestamp,
        text: z.string(),
        attachments: z.array(Attachment),
      }),
    ),
  })
  .openapi('CustomerThread');

export const CustomerAnswerBody = z
  .object({ message: MessageText, uploadIds: UploadIds })
  .openapi('CustomerAnswer', { example: { message: 'Thank you, it arrived today.' } });

export const CustomerAnswerResult = z
  .object({ id: z.string(), threadId: z.string(), status: Status, createdAt: Timestamp })
  .openapi('CustomerAnswerResult');
