// Response shapes many routes share (problems, attachments, pages, upload slots, download links): read only by the
// OpenAPI document, like every response shape (schemas/responses.ts).
import './zod';
import * as z from 'zod';

export const Timestamp = z.string().openapi({ format: 'date-time', example: '2026-11-23T10:15:00.000Z' });

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

export const UploadSlot = z
  .object({ uploadId: z.string(), url: z.string(), fields: z.record(z.string(), z.string()), expiresAt: Timestamp, maxBytes: z.number().int() })
  .openapi('UploadSlot');

/** The body of a 302 to a file: the link it redirects to, for clients that do not follow redirects. */
export const DownloadLink = z.object({ url: z.string().openapi({ format: 'uri' }) }).openapi('DownloadLink');
