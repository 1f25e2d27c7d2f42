// Request and response shapes of the admins' routes (C1, A9, A11, O1–O3).
import { anyText, Email, Id, Lang, localizedMap, RequiredLine, SINGLE_LINE_NOT_BLANK, SingleLine, text, TEXT, Timestamp } from './common';
import './zod';
import * as z from 'zod';

export const ContactSchema = z
  .object({
    id: z.string(),
    name: z.object({ en: z.string(), fr: z.string().optional(), de: z.string().optional(), es: z.string().optional(), ru: z.string().optional() }),
    description: z.object({ en: z.string(), fr: z.string().optional(), de: z.string().optional(), es: z.string().optional(), ru: z.string().optional() }),
    email: z.string(),
    saveMessages: z.boolean(),
    position: z.number().int(),
  })
  .openapi('Contact');

export const ContactCreate = z
  .object({
    name: localizedMap(64, 'line'),
    description: localizedMap(1000, 'text').optional(),
    email: Email,
    saveMessages: z.boolean().default(true),
    position: z.number().int().min(0).max(10_000).optional(),
  })
  .openapi('ContactCreate', { example: { name: { en: 'Returns', fr: 'Retours' }, description: { en: 'Send back a product' }, email: 'returns@shop.example', saveMessages: true, position: 3 } });

export const ContactPatch = z
  .object({
    name: localizedMap(64, 'line').optional(),
    description: localizedMap(1000, 'text').optional(),
    email: Email.optional(),
    saveMessages: z.boolean().optional(),
    position: z.number().int().min(0).max(10_000).optional(),
  })
  .openapi('ContactPatch');

export const ContactDeleteQuery = z.object({
  moveTo: Id.optional().openapi({ description: 'Another contact that takes over the threads; an unknown one gets 400 unknown-reference.' }),
});

export const EmployeeSchema = z
  .object({ id: z.string(), name: z.string(), email: z.string(), role: z.enum(['admin', 'agent']), active: z.boolean(), lang: Lang, createdAt: Timestamp })
  .openapi('Employee');

export const EmployeeCreate = z
  .object({ name: RequiredLine(100), email: Email, role: z.enum(['admin', 'agent']).default('agent'), active: z.boolean().default(true), lang: Lang.optional() })
  .openapi('EmployeeCreate', { example: { name: 'Alex Martin', email: 'alex@shop.example', role: 'agent', lang: 'fr' } });

export const EmployeePatch = z
  .object({ name: RequiredLine(100).optional(), email: Email.optional(), role: z.enum(['admin', 'agent']).optional(), active: z.boolean().optional(), lang: Lang.optional() })
  .openapi('EmployeePatch');

export const TokenCreate = z.object({ label: SingleLine(100).default('API token') }).openapi('TokenCreate', { example: { label: 'Laptop' } });

export const TokenCreated = z
  .object({ id: z.string(), label: z.string(), token: z.string().openapi({ description: 'Shown only here, once.' }), createdAt: Timestamp })
  .openapi('TokenCreated');

export const TokenInfo = z.object({ id: z.string(), label: z.string(), createdAt: Timestamp, lastUsedAt: z.string().nullable() }).openapi('Token');

export const TokenParams = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}\.[A-Za-z0-9_-]{1,64}$/, 'Not a token id.') });

const Port = z.number().int().min(1).max(65535);

/** Mailbox flags that cannot both be set (SPEC O3); what the saved settings add is checked when they are merged. */
const BOTH_TRUE = [
  ['tls', 'noTls'],
  ['validateCert', 'noValidateCert'],
  ['ssl', 'tls'],
] as const;

export const MailboxInput = z
  .object({
    host: text(253, /^[A-Za-z0-9.:[\]-]*$/, 'A host name or address.').optional(),
    port: Port.nullable().optional(),
    user: SingleLine(254).optional(),
    password: anyText(1024).nullable().optional().openapi({ description: 'Write-only. null clears it.' }),
    folder: text(200, SINGLE_LINE_NOT_BLANK, 'Required, on one line (no control characters).', { min: 1 }).optional(),
    deleteMessages: z.boolean().optional(),
    createNewThreads: z.boolean().optional(),
    pop3: z.boolean().optional(),
    norsh: z.boolean().optional(),
    ssl: z.boolean().optional(),
    validateCert: z.boolean().optional(),
    noValidateCert: z.boolean().optional(),
    tls: z.boolean().optional(),
    noTls: z.boolean().optional(),
  })
  .strict()
  .superRefine((m, ctx) => {
    for (const [a, b] of BOTH_TRUE) if (m[a] && m[b]) ctx.addIssue({ code: 'custom', path: [b], message: `${a} and ${b} contradict each other.` });
    if (m.pop3 && m.folder !== undefined && m.folder !== 'INBOX') ctx.addIssue({ code: 'custom', path: ['folder'], message: 'POP3 has only the INBOX.' });
  })
  .openapi({
    description: 'Flags that contradict each other in one body get 400; so do flags that contradict the saved ones (type contradicts-saved-settings).',
    allOf: [
      ...BOTH_TRUE.map(([a, b]) => ({ not: { required: [a, b], properties: { [a]: { const: true }, [b]: { const: true } } } })),
      { not: { required: ['pop3', 'folder'], properties: { pop3: { const: true }, folder: { not: { const: 'INBOX' } } } } },
    ],
  });

const defaultText = text(5000, TEXT, 'Must not contain NUL characters.');

export const SettingsInput = z
  .object({
    allowFileUpload: z.boolean().optional(),
    defaultMessage: z
      .object({ en: defaultText.optional(), fr: defaultText.optional(), de: defaultText.optional(), es: defaultText.optional(), ru: defaultText.optional() })
      .strict()
      .optional(),
    mailbox: MailboxInput.optional(),
  })
  .strict()
  .openapi('SettingsUpdate', {
    example: { allowFileUpload: true, mailbox: { host: 'imap.shop.example', user: 'desk@shop.example', password: 's3cret', ssl: true, createNewThreads: true } },
  });

export const SettingsView = z
  .object({
    allowFileUpload: z.boolean(),
    defaultMessage: z.record(Lang, z.string()),
    mailbox: z.object({
      host: z.string(),
      port: z.number().int(),
      user: z.string(),
      passwordSet: z.boolean(),
      folder: z.string(),
      deleteMessages: z.boolean(),
      createNewThreads: z.boolean(),
      pop3: z.boolean(),
      norsh: z.boolean(),
      ssl: z.boolean(),
      validateCert: z.boolean(),
      noValidateCert: z.boolean(),
      tls: z.boolean(),
      noTls: z.boolean(),
    }),
  })
  .openapi('Settings');

export const MailboxTestBody = MailboxInput.optional();

export const MailboxTestResult = z
  .union([
    z.object({
      ok: z.literal(true),
      protocol: z.enum(['imap', 'pop3']),
      tls: z.boolean(),
      certificate: z.object({ validated: z.boolean(), subject: z.string().nullable() }),
      mailbox: z.object({ messages: z.number().int() }),
    }),
    z.object({ ok: z.literal(false), stage: z.enum(['dns', 'connect', 'tls', 'auth', 'mailbox']), reason: z.string() }),
  ])
  .openapi('MailboxTest');

export const MailboxError = z
  .object({
    stage: z.enum(['dns', 'connect', 'tls', 'auth', 'mailbox', 'timeout']),
    reason: z.string().openapi({ description: 'In plain words, with what to check.' }),
  })
  .openapi('MailboxError', { example: { stage: 'tls', reason: 'The server does not speak TLS on this port (“wrong version number”): check /ssl and the port.' } });

export const PollResult = z
  .object({
    fetched: z.number().int(),
    stored: z.number().int(),
    joined: z.number().int(),
    newThreads: z.number().int(),
    skipped: z.number().int(),
    autoReplies: z.number().int(),
    bounces: z.number().int(),
    failed: z.number().int(),
    failures: z.array(z.object({ uid: z.union([z.string(), z.number()]), reason: z.string(), id: z.string().optional().openapi({ description: 'The mail failure listed for it (GET /v1/mail/failures).' }) })),
    durationMs: z.number().int(),
    // Why the mailbox could not be read (M7); null when it was. (A union, not .nullable(): the generator would drop the null of a named schema.)
    error: z.union([MailboxError, z.null()]),
    more: z.boolean().optional().openapi({ description: 'The time budget ran out: the next poll goes on.' }),
    note: z.string().optional().openapi({ description: 'Why nothing was fetched, e.g. no mailbox is configured.' }),
  })
  .openapi('PollResult');

export const MailStatus = z
  .object({
    lastPollAt: Timestamp.nullable(),
    lastSuccessAt: Timestamp.nullable().openapi({ description: 'The last poll that read the mailbox.' }),
    error: z.union([MailboxError, z.null()]),
    failures: z.number().int().openapi({ description: 'Mail failures waiting for an admin (GET /v1/mail/failures).' }),
  })
  .openapi('MailStatus', { description: '`error`: what the last poll met (stage and reason), or null when it read the mailbox.' });

export const MailFailure = z
  .object({
    id: z.string(),
    at: Timestamp,
    reason: z.string(),
    size: z.number().int().openapi({ description: 'Bytes of the raw mail.' }),
    from: z.string().nullable().openapi({ description: 'The sender, when the header could be read.' }),
    subject: z.string().nullable(),
    retries: z.number().int(),
  })
  .openapi('MailFailure');

export const MailRetryResult = z
  .object({
    outcome: z.enum(['stored', 'auto-reply', 'bounce', 'skipped', 'failed']),
    threadId: z.string().nullable(),
    reason: z.string().nullable(),
    failure: z.union([MailFailure, z.null()]),
  })
  .openapi('MailRetryResult', { description: '`failure`: the failure, still listed with its new reason, when the mail failed again; else null.' });

export const OrderMessage = z
  .object({ id: z.string(), name: z.record(z.string(), z.string()), text: z.record(z.string(), z.string()), createdAt: Timestamp, updatedAt: Timestamp })
  .openapi('OrderMessage');

export const OrderMessageCreate = z
  .object({ name: localizedMap(128, 'line'), text: localizedMap(5000, 'text') })
  .strict()
  .openapi('OrderMessageCreate', { example: { name: { en: 'Delay', fr: 'Retard' }, text: { en: 'Your order is delayed by two days.', fr: 'Votre commande a deux jours de retard.' } } });

export const OrderMessagePatch = z.object({ name: localizedMap(128, 'line').optional(), text: localizedMap(5000, 'text').optional() }).strict().openapi('OrderMessagePatch');
