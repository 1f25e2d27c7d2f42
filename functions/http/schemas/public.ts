// Request and response shapes of the public routes (the shop's contact form and the customer's view).
import { Attachment, Email, Id, Lang, MessageText, SingleLine, Status, Timestamp, UploadIds } from './common';
import './zod';
import * as z from 'zod';

export const PublicContactsQuery = z.object({ lang: z.string().max(35).optional() });

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
    contactId: Id,
    email: Email,
    name: SingleLine(100).optional(),
    orderReference: SingleLine(64).pipe(z.string().regex(/^[A-Za-z0-9#_.-]*$/, 'Letters, digits and # _ . - only.')).optional(),
    message: MessageText,
    lang: Lang.default('en'),
    uploadIds: UploadIds,
    website: z.string().max(1000).optional().openapi({ description: 'Honeypot: leave empty. A filled value is treated as a robot.' }),
  })
  .openapi('ContactForm', {
    example: { contactId: 'customer-service', email: 'jane@example.com', name: 'Jane Doe', orderReference: 'XKBKNABJK', message: 'Where is my parcel?', lang: 'en' },
  });

export const ContactFormResult = z
  .object({ stored: z.boolean(), threadId: z.string().optional() })
  .openapi('ContactFormResult', { example: { stored: true, threadId: 'Qm9zc2VzAAAA' } });

export const TokenQuery = z.object({ token: z.string().min(1).max(200) });

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
