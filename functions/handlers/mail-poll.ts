// Lambda: the scheduled mail poller (every minute); a poll already running is not an error here, nor is a mailbox that cannot be read.
import { loadConfig } from '../config';
import { s3Client, secretBox } from '../clients';
import { assembleDeps } from '../deps';
import { Conflict } from '../desk/errors';
import { pollMailbox, type PollReport } from '../mail/poller';

const deps = assembleDeps(loadConfig(), { s3: s3Client, secrets: secretBox });

/**
 * The fact behind the "poller stalled" alarm (lib/alarms.ts) and GET /v1/mail/status: whether this poll
 * read the mailbox, as a CloudWatch embedded metric in the log line.
 */
function pollMetric(report: PollReport) {
  return {
    _aws: {
      Timestamp: Date.now(),
      CloudWatchMetrics: [{ Namespace: 'ShopDesk', Dimensions: [['Function']], Metrics: [{ Name: 'MailboxRead', Unit: 'Count' }] }],
    },
    Function: deps.config.functionName,
    MailboxRead: report.error ? 0 : 1,
  };
}

export const handler = async () => {
  try {
    const report = await pollMailbox(deps);
    const summary = { ...report, failures: report.failures.length };
    if (report.error) deps.logger.warn('poll', { ...summary, ...pollMetric(report) });
    else deps.logger.info('poll', { ...summary, ...pollMetric(report) });
    return report;
  } catch (error) {
    if (error instanceof Conflict) return { skipped: 'another poll is running' };
    throw error;
  }
};
