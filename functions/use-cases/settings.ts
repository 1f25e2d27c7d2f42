// Options O1–O3: read with the password hidden, changed with contradictions refused and the password sealed.
import { Invalid } from '../desk/errors';
import type { Lang } from '../desk/model';
import type { Deps } from '../deps';
import { defaultPort } from '../mail/default-port';
import { withRetries } from '../store/db';
import { getSettings, saveSettings, type MailboxSettings, type Settings } from '../store/settings';

export interface MailboxInput extends Partial<Omit<MailboxSettings, 'passwordSealed' | 'port'>> {
  port?: number | null;
  password?: string | null;
}

export interface SettingsInput {
  allowFileUpload?: boolean;
  defaultMessage?: Partial<Record<Lang, string>>;
  mailbox?: MailboxInput;
}

export function settingsView(s: Settings) {
  const { passwordSealed, port, ...mailbox } = s.mailbox as MailboxSettings & { port?: number | null };
  return {
    allowFileUpload: s.allowFileUpload,
    defaultMessage: s.defaultMessage,
    mailbox: { ...mailbox, port: port || defaultPort(s.mailbox), passwordSet: Boolean(passwordSealed) },
  };
}

/** Merges a change into the mailbox; setting one side of a pair clears the other unless both are given. */
export function mergeMailbox(current: MailboxSettings, input: MailboxInput): MailboxSettings & { port?: number | null } {
  const { password: _password, ...rest } = input;
  const next = { ...current, ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) } as MailboxSettings & { port?: number | null };
  if (input.noValidateCert === true && input.validateCert === undefined) next.validateCert = false;
  if (input.validateCert === true && input.noValidateCert === undefined) next.noValidateCert = false;
  if (input.tls === true && input.noTls === undefined) next.noTls = false;
  if (input.noTls === true && input.tls === undefined) next.tls = false;
  // A port that was the default of the old protocol follows /pop3 and /ssl (993 does not stay with POP3 over SSL, O3);
  // a port of the admin's own choosing stays.
  const stored = current as MailboxSettings & { port?: number | null };
  const switched = next.pop3 !== current.pop3 || next.ssl !== current.ssl;
  if (switched && input.port === undefined && (!stored.port || stored.port === defaultPort(current))) next.port = defaultPort(next);
  return next;
}

/**
 * The stored password belongs to one server and one user: the host, the effective port and the user it was
 * saved with. Any other server is a stranger that must not receive it (O3).
 */
export function sameServer(a: MailboxSettings & { port?: number | null }, b: MailboxSettings & { port?: number | null }): boolean {
  return a.host.trim().toLowerCase() === b.host.trim().toLowerCase() && (a.port || defaultPort(a)) === (b.port || defaultPort(b)) && a.user === b.user;
}

export function contradictions(m: MailboxSettings): { field: string; message: string }[] {
  const out: { field: string; message: string }[] = [];
  if (m.tls && m.noTls) out.push({ field: 'mailbox.noTls', message: '/tls (require STARTTLS) and /notls (never STARTTLS) contradict each other.' });
  if (m.validateCert && m.noValidateCert) out.push({ field: 'mailbox.noValidateCert', message: '/validate-cert and /novalidate-cert contradict each other.' });
  if (m.pop3 && m.folder !== 'INBOX') out.push({ field: 'mailbox.folder', message: 'POP3 has only the INBOX: use IMAP to read another folder.' });
  if (m.ssl && m.tls) out.push({ field: 'mailbox.tls', message: '/ssl is already encrypted from the start; /tls (STARTTLS) cannot be added to it.' });
  return out;
}

export async function updateSettings(deps: Deps, input: SettingsInput) {
  return withRetries(async () => {
    const current = await getSettings(deps.db);
    const mailbox = input.mailbox ? mergeMailbox(current.mailbox, input.mailbox) : current.mailbox;
    const errors = contradictions(mailbox);
    if (errors.length > 0) throw new Invalid('The mailbox flags contradict each other.', errors, 'contradicts-saved-settings');
    if (input.mailbox && 'password' in input.mailbox && input.mailbox.password !== undefined) {
      mailbox.passwordSealed = input.mailbox.password === null || input.mailbox.password === '' ? undefined : await deps.secrets.encrypt(input.mailbox.password);
    } else if (!sameServer(current.mailbox, mailbox)) {
      // Another host, port or user without a new password: the old one is not handed to the new server.
      mailbox.passwordSealed = undefined;
    }
    const next: Settings = {
      allowFileUpload: input.allowFileUpload ?? current.allowFileUpload,
      defaultMessage: { ...current.defaultMessage, ...Object.fromEntries(Object.entries(input.defaultMessage ?? {}).filter(([, v]) => v !== undefined)) },
      mailbox,
      version: current.version + 1,
    };
    await saveSettings(deps.db, next, current.version);
    return settingsView(next);
  });
}
