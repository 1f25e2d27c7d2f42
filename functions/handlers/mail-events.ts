// Lambda: SES bounce, complaint and reject events (through SNS) mark the outgoing message they concern.
import type { SNSEvent } from 'aws-lambda';
import { loadConfig } from '../config';
import { assembleDeps, type Deps } from '../deps';
import { markBounced } from '../mail/bounces';
import { deliveredMessageId } from '../mail/delivered';

interface SesEvent {
  eventType?: string;
  notificationType?: string;
  mail?: { messageId?: string };
  bounce?: { bounceType?: string; bouncedRecipients?: { diagnosticCode?: string; status?: string }[] };
  complaint?: { complaintFeedbackType?: string };
  reject?: { reason?: string };
}

export function reasonOf(e: SesEvent): string {
  const type = e.eventType ?? e.notificationType ?? 'Event';
  const recipient = e.bounce?.bouncedRecipients?.[0];
  const detail = recipient?.diagnosticCode ?? recipient?.status ?? e.complaint?.complaintFeedbackType ?? e.reject?.reason ?? e.bounce?.bounceType ?? '';
  return `${type}${detail ? `: ${detail}` : ''}`;
}

export function createMailEventsHandler(deps: Deps) {
  return async (event: SNSEvent): Promise<void> => {
    for (const record of event.Records) {
      let parsed: SesEvent;
      try {
        parsed = JSON.parse(record.Sns.Message) as SesEvent;
      } catch {
        deps.logger.warn('not an SES event', { messageId: record.Sns.MessageId });
        continue;
      }
      const type = parsed.eventType ?? parsed.notificationType;
      // A complaint or a transient bounce does not mean the mail was not delivered: it is logged, not marked.
      const failed = type === 'Reject' || (type === 'Bounce' && parsed.bounce?.bounceType === 'Permanent');
      if (!parsed.mail?.messageId || !failed) {
        deps.logger.info('ses event ignored', { type, bounceType: parsed.bounce?.bounceType });
        continue;
      }
      const found = await markBounced(deps, deliveredMessageId(parsed.mail.messageId, deps.config.region), reasonOf(parsed));
      deps.logger.info('ses event', { type, found: Boolean(found) });
    }
  };
}

export const handler = createMailEventsHandler(assembleDeps(loadConfig(), {}));
