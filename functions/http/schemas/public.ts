// Response shapes of the public routes: read only by the OpenAPI document, which routes name them for (schemas/responses.ts).
import { Lang, Status } from './common';
import { Attachment, Timestamp } from './common-responses';
import './zod';
import * as z from 'zod';

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

export const ContactFormResult = z
  .object({ stored: z.boolean(), threadId: z.string().optional() })
  .openapi('ContactFormResult', { example: { stored: true, threadId: 'Qm9zc2VzAAAAxK3v' } });

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

export const CustomerAnswerResult = z
  .object({ id: z.string(), threadId: z.string(), status: Status, createdAt: Timestamp })
  .openapi('CustomerAnswerResult');
