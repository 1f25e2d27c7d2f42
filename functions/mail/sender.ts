// Sends one outbox mail through SES exactly once per claim, records the Message-ID as delivered (S1, S2).
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { Deps } from '../deps';
import { transact, type TxItem } from '../store/db';
import { key } from '../store/keys';
import { claimOutboxMail, type OutboxMail } from '../store/outbox';
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
  await transact(deps.db, sentItems(deps, mail, sesMessageId));
  return 'sent';
}

function sentItems(deps: Deps, mail: OutboxMail, sesMessageId: string): TxItem[] {
  const now = deps.now().toISOString();
  const delivered = deliveredMessageId(sesMessageId, deps.config.region);
  const items: TxItem[] = [
    {
      Update: {
        TableName: '',
        Key: key.outbox(mail.id),
        UpdateExpression: 'SET #s = :sent, sesMessageId = :ses, deliveredMessageId = :d, sentAt = :now',
        ExpressionAttributeNames: { '#s': 'state' },
        ExpressionAttributeValues: { ':sent': 'sent', ':ses': sesMessageId, ':d': delivered, ':now': now },
      },
    },
  ];
  if (mail.threadId) {
    items.push({ Put: { TableName: '', Item: { ...key.mailId(delivered), entity: 'mail-id', threadId: mail.threadId, messageId: mail.messageId ?? null, outboxId: mail.id } } });
  }
  if (mail.threadId && mail.toCustomer) {
    items.push(
      {
        Update: {
          TableName: '',
          Key: key.thread(mail.threadId),
          // Bumping the version makes a concurrent read-modify-write of the thread retry instead of dropping this.
          UpdateExpression: 'SET #r = list_append(if_not_exists(#r, :empty), :id), version = version + :one',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#r': 'references' },
          ExpressionAttributeValues: { ':id': [delivered], ':empty': [], ':one': 1 },
        },
      },
    );
  }
  if (mail.threadId && mail.messageId && mail.messageCreatedAt) {
    items.push({
      Update: {
        TableName: '',
        Key: key.message(mail.threadId, mail.messageCreatedAt, mail.messageId),
        UpdateExpression: 'SET delivery = :d, messageIdHeader = :mid',
        ExpressionAttributeValues: { ':d': { state: 'sent', outboxId: mail.id, sesMessageId, updatedAt: now }, ':mid': delivered },
      },
    });
  }
  return items;
}

/** Throttling and service errors are retried; a permanent rejection fails the mail at once, with the reason. */
async function recordFailure(deps: Deps, mail: OutboxMail, error: unknown): Promise<SendOutcome> {
  const e = error as { name?: string; message?: string; $retryable?: unknown; $metadata?: { httpStatusCode?: number } };
  const status = e.$metadata?.httpStatusCode ?? 0;
  const permanent = ['MessageRejected', 'MailFromDomainNotVerifiedException', 'BadRequestException', 'NotFoundException', 'AccountSuspendedException', 'SendingPausedException'].includes(e.name ?? '') || (status >= 400 && status < 500 && status !== 429);
  const reason = `${e.name ?? 'Error'}: ${(e.message ?? '').slice(0, 200)}`;
  const final = permanent || mail.attempts >= MAX_SEND_ATTEMPTS;
  const now = deps.now().toISOString();
  const items: TxItem[] = [
    {
      Update: {
        TableName: '',
        Key: key.outbox(mail.id),
        UpdateExpression: 'SET #s = :state, lastError = :r, claimedUntil = :now',
        ExpressionAttributeNames: { '#s': 'state' },
        ExpressionAttributeValues: { ':state': final ? 'failed' : 'queued', ':r': reason, ':now': now },
      },
    },
  ];
  if (final && mail.threadId && mail.messageId && mail.messageCreatedAt) {
    items.push({
      Update: {
        TableName: '',
        Key: key.message(mail.threadId, mail.messageCreatedAt, mail.messageId),
        UpdateExpression: 'SET delivery = :d',
        ExpressionAttributeValues: { ':d': { state: 'failed', outboxId: mail.id, reason, updatedAt: now } },
      },
    });
  }
  await transact(deps.db, items);
  deps.logger.warn('mail not sent', { outboxId: mail.id, kind: mail.kind, attempt: mail.attempts, final, error: e.name });
  return final ? 'failed' : 'retry';
}
