// Request shapes of the admins' routes (C1, A9, A11, O1–O3): what every request is validated with.
import { anyText, Email, Id, Lang, localizedMap, RequiredLine, SINGLE_LINE_NOT_BLANK, SingleLine, text, TEXT } from './common';
import './zod';
import * as z from 'zod';

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

export const EmployeeCreate = z
  .object({ name: RequiredLine(100), email: Email, role: z.enum(['admin', 'agent']).default('agent'), active: z.boolean().default(true), lang: Lang.optional() })
  .openapi('EmployeeCreate', { example: { name: 'Alex Martin', email: 'alex@shop.example', role: 'agent', lang: 'fr' } });

export const EmployeePatch = z
  .object({ name: RequiredLine(100).optional(), email: Email.optional(), role: z.enum(['admin', 'agent']).optional(), active: z.boolean().optional(), lang: Lang.optional() })
  .openapi('EmployeePatch');

export const TokenCreate = z.object({ label: SingleLine(100).default('API token') }).openapi('TokenCreate', { example: { label: 'Laptop' } });

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

export const MailboxTestBody = MailboxInput.optional();

export const OrderMessageCreate = z
  .object({ name: localizedMap(128, 'line'), text: localizedMap(5000, 'text') })
  .strict()
  .openapi('OrderMessageCreate', { example: { name: { en: 'Delay', fr: 'Retard' }, text: { en: 'Your order is delayed by two days.', fr: 'Votre commande a deux jours de retard.' } } });

export const OrderMessagePatch = z.object({ name: localizedMap(128, 'line').optional(), text: localizedMap(5000, 'text').optional() }).strict().openapi('OrderMessagePatch');
