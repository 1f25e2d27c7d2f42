// Request shapes of the public routes (the shop's contact form and the customer's view): what every request is validated with.
import { anyText, Email, Id, Lang, MessageText, SingleLine, text, UploadIds } from './common';
import './zod';
import * as z from 'zod';

export const PublicContactsQuery = z.object({
  lang: anyText(35).optional().openapi({ description: 'The customer’s language (en, fr, de, es, ru); any other falls back to English.', example: 'fr' }),
});

/** An order reference as shops write them; a path segment too, so never only dots. */
export const ORDER_REFERENCE = /^\.*[A-Za-z0-9#_-][A-Za-z0-9#_.-]*$/;

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

export const TokenQuery = z.object({ token: anyText(200, 1).openapi({ description: 'The token of the customer’s link, from the desk’s mails.' }) });

export const CustomerAnswerBody = z
  .object({ message: MessageText, uploadIds: UploadIds })
  .openapi('CustomerAnswer', { example: { message: 'Thank you, it arrived today.' } });
