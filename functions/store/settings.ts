// The desk's options (O1–O3) in one item; the mailbox password is kept only sealed by the SecretBox.
import type { Lang } from '../desk/model';
import { DEFAULT_REPLY } from '../desk/vocabulary';
import { cachedRead, forgetCopy } from './container-cache';
import { getItem, put, transact, withoutKeys, type Db, type Item } from './db';
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

const SETTINGS_COPY = 'settings';

/** The settings as this container read them at most CACHE_SECONDS ago (store/container-cache.ts): for reading, never for changing them. */
export function knownSettings(db: Db): Promise<Settings> {
  return cachedRead(db, SETTINGS_COPY, () => getSettings(db));
}

/** Writes the settings on the condition that they are still at the version read (none stored yet counts as version 0). */
export async function saveSettings(db: Db, settings: Settings, readVersion: number): Promise<void> {
  const condition = readVersion === 0 ? 'attribute_not_exists(pk) OR version = :v' : 'version = :v';
  try {
    await transact(db, [put(settingsItem(settings), condition, { ':v': readVersion })]);
  } finally {
    forgetCopy(db, SETTINGS_COPY);
  }
}
