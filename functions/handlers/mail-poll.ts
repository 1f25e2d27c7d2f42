// Lambda: the scheduled mail poller (every minute); a poll already running is not an error here, nor is a mailbox that cannot be read.
import { loadConfig } from '../config';
import { s3Client, secretBox } from '../clients';
import { assembleDeps } from '../deps';
import { Conflict } from '../desk/errors';
import { pollMailbox } from '../mail/poller';

const deps = assembleDeps(loadConfig(), { s3: s3Client, secrets: secretBox });

export const handler = async () => {
  try {
    const report = await pollMailbox(deps);
    // This line's `error` (null when the mailbox was read) feeds the "poller stalled" alarm (lib/alarms.ts), as lastSuccessAt feeds GET /v1/mail/status.
    deps.logger.info('poll', { ...report, failures: report.failures.length });
    return report;
  } catch (error) {
    if (error instanceof Conflict) return { skipped: 'another poll is running' };
    throw error;
  }
};
