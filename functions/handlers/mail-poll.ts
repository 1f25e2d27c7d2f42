// Lambda: the scheduled mail poller (every minute); a poll already running is not an error here.
import { loadConfig } from '../config';
import { s3Client, secretBox } from '../clients';
import { assembleDeps } from '../deps';
import { Conflict } from '../desk/errors';
import { pollMailbox } from '../mail/poller';

const deps = assembleDeps(loadConfig(), { s3: s3Client, secrets: secretBox });

export const handler = async () => {
  try {
    const report = await pollMailbox(deps);
    deps.logger.info('poll', { ...report, failures: report.failures.length });
    return report;
  } catch (error) {
    if (error instanceof Conflict) return { skipped: 'another poll is running' };
    throw error;
  }
};
