// Shapes shared by many routes: ids, languages, localized maps, lists, problems.
import { LANGS, STATUSES } from '../../desk/model';
import './zod';
import { domainToASCII } from 'node:url';
import * as z from 'zod';

/** No CR, LF or other control character: a value that may reach a mail header. */
const noControls = (s: string) => !/[\u0000-\u001f\u007f\u2028\u2029]/.test(s);  

export const Id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Not a valid id.');
export const Lang = z.enum(LANGS).openapi('Lang');
export const Status = z.enum(STATUSES).openapi('Status');
/** An internationalized domain (müller.de) is kept in its ASCII form (xn--mller-kva.de), the one mail servers use. */
const asciiDomain = (address: string) => {
  const at = address.lastIndexOf('@');
  return at < 0 || /^[\x00-\x7f]*$/.test(address) ? address : `${address.slice(0, at)}@${domainToASCII(address.slice(at + 1)) || address.slice(at + 1)}`;
};

export const Email = z
  .string()
  .trim()
  .max(254)
  .refine(noControls, 'Must not contain line breaks or control characters.')
  .transform(asciiDomain)
  .pipe(z.email('Not a valid e-mail address.'))
  .transform((e) => e.toLowerCase());
export const SingleLine = (max: number) =>
  z.string().trim().max(max, `At most ${max} characters.`).refine(noControls, 'Must not contain line breaks or control characters.');
export const MessageText = z
  .string()
  .max(20_000, 'At most 20,000 characters.')
  .refine((s) => s.trim().length > 0, 'Must not be empty.')
  .refine((s) => !s.includes('\u0000'), 'Must not contain NUL characters.')
  .transform((s) => s.replace(/\r\n?/g, '\n').trim());
export const Timestamp = z.string().openapi({ format: 'date-time', example: '2026-11-23T10:15:00.000Z' });

export const localizedMap = (max: number) =>
  z
    .object({
      en: z.string().trim().min(1, 'Required.').max(max, `At most ${max} characters.`),
      fr: z.string().trim().max(max).optional(),
      de: z.string().trim().max(max).optional(),
      es: z.string().trim().max(max).optional(),
      ru: z.string().trim().max(max).optional(),
    })
    .strict();

export const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(2048).optional(),
});

export const IdParams = z.object({ id: Id });

export const page = <T extends z.ZodType>(item: T, name: string) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() }).openapi(name);

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .passthrough()
  .openapi('Problem');

export const Attachment = z
  .object({ id: z.string(), fileName: z.string(), contentType: z.string(), size: z.number().int(), url: z.string().optional() })
  .openapi('Attachment');

export const UploadSlotBody = z
  .object({
    fileName: z.string().trim().min(1).max(255),
    contentType: SingleLine(127).pipe(z.string().regex(/^[\w.+-]+\/[\w.+-]+$/, 'Not a media type.')),
    size: z.number().int().min(1).max(10 * 1024 * 1024, 'At most 10 MB.'),
  })
  .openapi('UploadSlotRequest', { example: { fileName: 'screenshot.png', contentType: 'image/png', size: 48213 } });

export const UploadSlot = z
  .object({ uploadId: z.string(), url: z.string(), fields: z.record(z.string(), z.string()), expiresAt: Timestamp, maxBytes: z.number().int() })
  .openapi('UploadSlot');

export const UploadIds = z.array(Id).max(5, 'At most 5 files.').optional();
