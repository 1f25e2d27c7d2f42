// The standard mail ports (O3): 993/143 for IMAP, 995/110 for POP3, with and without implicit TLS.
import type { MailboxSettings } from '../store/settings';

export function defaultPort(m: Pick<MailboxSettings, 'pop3' | 'ssl'>): number {
  if (m.pop3) return m.ssl ? 995 : 110;
  return m.ssl ? 993 : 143;
}
