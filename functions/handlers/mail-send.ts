// Lambda: sends the outbox mails that the table's stream announces; failed records are retried by the stream.
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { loadConfig } from '../config';
import { s3Client, sesClient } from '../clients';
import { assembleDeps, type Deps } from '../deps';
import { sendOutboxMail } from '../mail/sender';

export function createMailSendHandler(deps: Deps) {
  return async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    const failures: { itemIdentifier: string }[] = [];
    for (const record of event.Records) {
      const image = record.dynamodb?.NewImage;
      if (record.eventName !== 'INSERT' || image?.entity?.S !== 'outbox' || !image.id?.S) continue;
      try {
        const outcome = await sendOutboxMail(deps, image.id.S);
        if (outcome === 'retry') failures.push({ itemIdentifier: record.dynamodb!.SequenceNumber! });
      } catch (error) {
        deps.logger.error('outbox record failed', { outboxId: image.id.S, error: (error as Error).name, reason: (error as Error).message.slice(0, 200) });
        failures.push({ itemIdentifier: record.dynamodb!.SequenceNumber! });
      }
    }
    return { batchItemFailures: failures };
  };
}

export const handler = createMailSendHandler(assembleDeps(loadConfig(), { s3: s3Client, ses: sesClient }));
