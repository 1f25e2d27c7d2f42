// Response shapes of the admins' routes (C1, A9, A11, O1–O3): read only by the OpenAPI document, which routes name them for (schemas/responses.ts).
import { Lang } from './common';
import { page, Timestamp } from './common-responses';
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

export const EmployeeSchema = z
  .object({ id: z.string(), name: z.string(), email: z.string(), role: z.enum(['admin', 'agent']), active: z.boolean(), lang: Lang, createdAt: Timestamp })
  .openapi('Employee');

export const TokenCreated = z
  .object({ id: z.string(), label: z.string(), token: z.string().openapi({ description: 'Shown only here, once.' }), createdAt: Timestamp })
  .openapi('TokenCreated');

export const TokenInfo = z.object({ id: z.string(), label: z.string(), createdAt: Timestamp, lastUsedAt: z.string().nullable() }).openapi('Token');

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

export const ContactPage = page(ContactSchema, 'ContactPage');

export const EmployeePage = page(EmployeeSchema, 'EmployeePage');

export const TokenPage = page(TokenInfo, 'TokenPage');

export const MailFailurePage = page(MailFailure, 'MailFailurePage');

/** A mail as received (message/rfc822). */
export const RawMail = z.string();

export const RawMailLink = z.object({ url: z.string().openapi({ format: 'uri' }) });
