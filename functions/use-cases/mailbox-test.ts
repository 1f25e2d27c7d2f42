// The mailbox test (O3): the saved options, or the body merged over them, tried with the poller's connection code.
import { Invalid } from '../desk/errors';
import type { Deps } from '../deps';
import { connectionOptions, testMailbox, type MailboxTestResult } from '../mail/connection';
import { getSettings } from '../store/settings';
import { contradictions, mergeMailbox, sameServer, type MailboxInput } from './settings';

/** Tests the saved mailbox, or the one in the body merged over it (not saved); the stored password only for the stored server. */
export async function testMailboxSettings(deps: Deps, input?: MailboxInput): Promise<MailboxTestResult> {
  const current = await getSettings(deps.db);
  const mailbox = input ? mergeMailbox(current.mailbox, input) : current.mailbox;
  const errors = contradictions(mailbox);
  if (errors.length > 0) throw new Invalid('The mailbox flags contradict each other.', errors, 'contradicts-saved-settings');
  const stored = mailbox.passwordSealed && sameServer(current.mailbox, mailbox) ? await deps.secrets.decrypt(mailbox.passwordSealed) : '';
  return testMailbox(connectionOptions(mailbox, input?.password ?? stored, 10_000), deps.config.mailboxAllow);
}
