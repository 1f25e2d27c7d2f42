// The desk's options (O1–O3) in one item; the mailbox password is kept only sealed by the SecretBox.
import type { Lang } from '../desk/model';
import { DEFAULT_REPLY } from '../desk/vocabulary';
import { getItem, withoutKeys, type Db, type Item } from './db';
import { key } from './keys';

export interface MailboxSettings {
  host: string;
  port: number;
  user: string;
  passwordSealed?: string;
  folder: string;
  deleteMessages: boolean;
  createNewThreads: boolean;
  pop3: boolean;
  norsh: boolean;
  ssl: boolean;
  validateCert: boolean;
  noValidateCert: boolean;
  tls: boolean;
  noTls: boolean;
}

export interface Settings {
  allowFileUpload: boolean;
  defaultMessage: Record<Lang, string>;
  mailbox: MailboxSettings;
  version: number;
}

export const DEFAULT_SETTINGS: Settings = {
  allowFileUpload: true,
  defaultMessage: { ...DEFAULT_REPLY },
  mailbox: {
    host: '',
    port: 993,
    user: '',
    folder: 'INBOX',
    deleteMessages: false,
    createNewThreads: true,
    pop3: false,
    norsh: false,
    ssl: true,
    validateCert: true,
    noValidateCert: false,
    tls: false,
    noTls: false,
  },
  version: 0,
};

export async function getSettings(db: Db): Promise<Settings> {
  const item = await getItem(db, key.settings());
  if (!item) return structuredClone(DEFAULT_SETTINGS);
  const stored = withoutKeys<Settings>(item);
  return { ...DEFAULT_SETTINGS, ...stored, mailbox: { ...DEFAULT_SETTINGS.mailbox, ...stored.mailbox }, defaultMessage: { ...DEFAULT_REPLY, ...stored.defaultMessage } };
}

export function settingsItem(settings: Settings): Item {
  return { ...key.settings(), entity: 'settings', ...settings };
}
