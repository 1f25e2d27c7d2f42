// Sends one outbox mail through SES exactly once per claim, records the Message-ID as delivered (S1, S2).
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { Deps } from '../deps';
import { claimOutboxMail, recordSendFailure, recordSent, type OutboxMail } from '../store/outbox';
import { composeMail } from './compose';
import { deliveredMessageId } from './delivered';

export const MAX_SEND_ATTEMPTS = 5;
/** Longer than one send may take (the function's timeout is 20 s), shorter than the stream's retries. */
export const CLAIM_MS = 30_000;

export type SendOutcome = 'sent' | 'skipped' | 'retry' | 'failed';

/**
 * The conditional claim lets only one delivery of a stream record past; a crash between the SES call and the
 * state change can resend a mail at most once (when the claim expires, 30 s later).
 */
export async function sendOutboxMail(deps: Deps, id: string): Promise<SendOutcome> {
  const claim = await claimOutboxMail(deps.db, id, deps.now(), CLAIM_MS);
  if ('busy' in claim) return 'retry';
  if ('done' in claim) return 'skipped';
  const mail = claim.mail;
  let sesMessageId: string;
  try {
    const raw = await composeMail(deps, mail);
    const res = await deps.ses.send(
      new SendEmailCommand({
        FromEmailAddress: deps.config.senderAddress,
        Destination: {
          ToAddresses: mail.to.map((t) => t.address),
          CcAddresses: mail.cc?.length ? mail.cc.map((t) => t.address) : undefined,
          BccAddresses: mail.bcc?.length ? mail.bcc.map((t) => t.address) : undefined,
        },
        Content: { Raw: { Data: raw } },
        ConfigurationSetName: deps.config.sesConfigurationSet,
      }),
    );
    sesMessageId = res.MessageId!;
  } catch (error) {
    return recordFailure(deps, mail, error);
  }
  await recordSent(deps.db, mail, { sesMessageId, deliveredMessageId: deliveredMessageId(sesMessageId, deps.config.region), at: deps.now().toISOString() });
  return 'sent';
}

/** Throttling and service errors are retried; a permanent rejection fails the mail at once, with the reason. */
async function recordFailure(deps: Deps, mail: OutboxMail, error: unknown): Promise<SendOutcome> {
  const e = error as { name?: string; message?: string; $retryable?: unknown; $metadata?: { httpStatusCode?: number } };
  const status = e.$metadata?.httpStatusCode ?? 0;
  const permanent = ['MessageRejected', 'MailFromDomainNotVerifiedException', 'BadRequestException', 'NotFoundException', 'AccountSuspendedException', 'SendingPausedException'].includes(e.name ?? '') || (status >= 400 && status < 500 && status !== 429);
  const reason = `${e.name ?? 'Error'}: ${(e.message ?? '').slice(0, 200)}`;
  const final = permanent || mail.attempts >= MAX_SEND_ATTEMPTS;
  await recordSendFailure(deps.db, mail, { final, reason, at: deps.now().toISOString() });
  deps.logger.warn('mail not sent', { outboxId: mail.id, kind: mail.kind, attempt: mail.attempts, final, error: e.name });
  return final ? 'failed' : 'retry';
}
