// Shapes shared by many routes: ids, languages, localized maps, lists, problems.
import { LANGS, STATUSES } from '../../desk/model';
import { ALLOWED_EXTENSIONS } from '../../files/uploads';
import './zod';
import { domainToASCII } from 'node:url';
import * as z from 'zod';

/**
 * Every rule a request field must meet is a zod check the OpenAPI generator can see (one regex, lengths), so that the
 * document states the rule itself (SPEC N5). Lengths count code points, as JSON Schema's maxLength does, not UTF-16 units.
 */
const CONTROLS = '\\u0000-\\u001f\\u007f\\u2028\\u2029';
/** No CR, LF or other control character: a value that may reach a mail header. */
export const SINGLE_LINE = new RegExp(`^[^${CONTROLS}]*$`);
/** A single line with at least one character that is not white space. */
export const SINGLE_LINE_NOT_BLANK = new RegExp(`^[^\\S${CONTROLS}]*[^\\s${CONTROLS}][^${CONTROLS}]*$`);
/** Free text (line breaks allowed), never NUL. */
export const TEXT = /^[^\u0000]*$/;
/** Free text with at least one character that is not white space, never NUL. */
export const TEXT_NOT_BLANK = /^\s*[^\s\u0000][^\u0000]*$/;

const codePoints = (s: string) => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

/**
 * One schema per rule: zod schemas never change once built, so every field that states the same rule shares one
 * instance, and a cold start builds each rule once rather than once per field (docs/benchmarks.md, cold start).
 */
const rules = new Map<string, unknown>();
function rule<T>(key: string, build: () => T): T {
  if (!rules.has(key)) rules.set(key, build());
  return rules.get(key) as T;
}

/**
 * A string of at most `max` characters matching `pattern`. The length is checked first and stops the other checks, so
 * that a pattern never runs over a huge value. Trimming, when asked, comes after the checks: what the document allows is
 * exactly what the checks allow.
 */
export function text(max: number, pattern: RegExp, message: string, options: { trim?: boolean; min?: number } = {}) {
  return rule(['text', max, pattern, message, options.trim, options.min].join('\u0000'), () => {
    const base = z
      .string()
      .refine((s) => codePoints(s) <= max, { message: `At most ${max} characters.`, abort: true })
      .refine((s) => codePoints(s) >= (options.min ?? 0), { message: options.min === 1 ? 'Required.' : `At least ${options.min} characters.`, abort: true })
      .regex(pattern, message);
    const trimmed = options.trim ? base.trim() : base;
    return trimmed.openapi({ maxLength: max, ...(options.min ? { minLength: options.min } : {}) });
  });
}

/** A string of at most `max` characters, with no other rule. */
export const anyText = (max: number, min = 0) =>
  rule(['anyText', max, min].join('\u0000'), () =>
    z
      .string()
      .refine((s) => codePoints(s) <= max, { message: `At most ${max} characters.`, abort: true })
      .refine((s) => codePoints(s) >= min, { message: 'Required.', abort: true })
      .openapi({ maxLength: max, ...(min ? { minLength: min } : {}) }),
  );

export const SingleLine = (max: number) => text(max, SINGLE_LINE, 'Must not contain line breaks or control characters.', { trim: true });
/** A required single line: after trimming, at least one character. */
export const RequiredLine = (max: number) =>
  text(max, SINGLE_LINE_NOT_BLANK, 'Required, on one line (no control characters).', { trim: true, min: 1 });
export const MessageText = text(20_000, TEXT_NOT_BLANK, 'Must not be empty or contain NUL characters.', { min: 1 }).transform((s) =>
  s.replace(/\r\n?/g, '\n').trim(),
);

export const ID = /^[A-Za-z0-9_-]{1,64}$/;
export const Id = z.string().regex(ID, 'Not a valid id.').openapi({ minLength: 1, maxLength: 64 });
/**
 * The desk's own ids (threads, messages, attachments, employees) are 12 random bytes in base64url: exactly 16
 * characters. Stating it keeps a fixed path such as /v1/threads/next-unanswered apart from /v1/threads/{id}.
 */
export const DESK_ID = /^[A-Za-z0-9_-]{16}$/;
export const DeskId = z.string().regex(DESK_ID, 'Not a valid id.').openapi({ minLength: 16, maxLength: 16 });
export const Lang = z.enum(LANGS).openapi('Lang');
export const Status = z.enum(STATUSES).openapi('Status');

/**
 * An e-mail address as RFC 5321 has it: a dot-atom local part (letters, digits and ! # $ % & ' * + - / = ? ^ _ ` { | } ~,
 * dots between them), then a domain of letter-digit-hyphen labels whose last label starts with a letter. A domain label
 * may also hold letters of the scripts below (an internationalized domain such as müller.de); such a domain is kept
 * in its ASCII form (xn--mller-kva.de), the one mail servers use. The script ranges hold only letters that the IDNA
 * conversion always accepts, in any position (test/api/email-rule.test.ts checks each one).
 */
const ATEXT = "A-Za-z0-9!#$%&'*+\\-/=?^_`{|}~";
const IDN_LETTERS =
  '\\u00c0-\\u00d6\\u00d8-\\u00f6\\u00f8-\\u024f\\u0386\\u0388-\\u038a\\u038c\\u038e-\\u03a1\\u03a3-\\u03ce\\u0400-\\u0481\\u048a-\\u04bf\\u04c1-\\u04ff' +
  '\\u3041-\\u3096\\u30a1-\\u30fa\\u4e00-\\u9fff\\uac00-\\ud7a3';
const LABEL_END = `[A-Za-z0-9${IDN_LETTERS}]`;
const LABEL_MIDDLE = `(?:[A-Za-z0-9${IDN_LETTERS}-]{0,61}${LABEL_END})?`;
export const EMAIL = new RegExp(`^[${ATEXT}]+(?:\\.[${ATEXT}]+)*@(?:${LABEL_END}${LABEL_MIDDLE}\\.)+[A-Za-z${IDN_LETTERS}]${LABEL_MIDDLE}$`);
export const EMAIL_DESCRIPTION =
  'An e-mail address (RFC 5321 dot-atom local part). An internationalized domain is accepted and kept in its ASCII (xn--) form; the address is kept lower-case.';

/** The address with its domain in ASCII form; undefined when the conversion fails (the pattern admits no letter that does). */
const asciiDomain = (address: string): string | undefined => {
  if (/^[\x00-\x7f]*$/.test(address)) return address;
  const at = address.lastIndexOf('@');
  const ascii = domainToASCII(address.slice(at + 1));
  return ascii ? `${address.slice(0, at)}@${ascii}` : undefined;
};

export const Email = text(254, EMAIL, 'Not a valid e-mail address.')
  .transform((e, ctx) => {
    const ascii = asciiDomain(e);
    if (ascii) return ascii.toLowerCase();
    ctx.issues.push({ code: 'custom', message: 'Not a valid e-mail address.', input: e });
    return z.NEVER;
  })
  .openapi({ format: 'email', description: EMAIL_DESCRIPTION, example: 'jane@example.com' });

/** RFC 3339 date-time with seconds, upper-case T and Z, a real calendar day; the format carries the calendar part. */
export const DATE_TIME = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{1,9})?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;
const isCalendarDay = (s: string) => {
  const [y, m, d] = s.slice(0, 10).split('-').map(Number) as [number, number, number];
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
};
export const DateTime = z
  .string()
  .regex(DATE_TIME, 'An RFC 3339 date-time such as 2026-11-20T14:03:00Z.')
  .refine(isCalendarDay, 'Not a day of the calendar.')
  .openapi({ format: 'date-time', example: '2026-11-20T14:03:00Z' });

/** A localized map (`en` required): names are single lines, texts may span lines; neither may hold NUL. */
export const localizedMap = (max: number, kind: 'line' | 'text') =>
  rule(['localizedMap', max, kind].join('\u0000'), () => {
    const required = kind === 'line' ? RequiredLine(max) : text(max, TEXT_NOT_BLANK, 'Must not be empty or contain NUL characters.', { trim: true, min: 1 });
    const optional = (kind === 'line' ? SingleLine(max) : text(max, TEXT, 'Must not contain NUL characters.', { trim: true })).optional();
    return z.object({ en: required, fr: optional, de: optional, es: optional, ru: optional }).strict();
  });

export const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: anyText(2048).optional().openapi({ description: 'The nextCursor of the previous page of the same query, unchanged.' }),
});

export const IdParams = z.object({ id: Id });
export const DeskIdParams = z.object({ id: DeskId });

export const MEDIA_TYPE = /^[\w.+-]+\/[\w.+-]+$/;
/** A name on one line whose extension (any case) is one the desk accepts. */
const caseless = (ext: string) => [...ext].map((c) => `[${c.toUpperCase()}${c}]`).join('');
export const FILE_NAME = new RegExp(`^[^${CONTROLS}]*\\.(?:${ALLOWED_EXTENSIONS.map(caseless).join('|')})$`);

export const UploadSlotBody = z
  .object({
    fileName: text(255, FILE_NAME, `A file name ending in .${ALLOWED_EXTENSIONS.join(', .')}, on one line.`, { trim: true }),
    contentType: text(127, MEDIA_TYPE, 'Not a media type.'),
    size: z.number().int().min(1).max(10 * 1024 * 1024, 'At most 10 MB.'),
  })
  .openapi('UploadSlotRequest', { example: { fileName: 'screenshot.png', contentType: 'image/png', size: 48213 } });

export const UploadIds = z.array(DeskId).max(5, 'At most 5 files.').optional();

