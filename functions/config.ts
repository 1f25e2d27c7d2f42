// The only module that reads process.env: checked once at cold start, passed down as plain data.
// Plain checks rather than a schema library: every function loads this, and most need no validator otherwise.

/** The non-public ranges an operator may let the mailbox host be in (MAILBOX_ALLOW); functions/mail/mail-host.ts checks them. */
export const ALLOWABLE_RANGES = ['loopback', 'private', 'link-local'] as const;
export type AllowableRange = (typeof ALLOWABLE_RANGES)[number];

export interface Config {
  tableName: string;
  bucketName: string;
  region: string;
  senderAddress: string;
  senderName: string;
  /** Where customers' answers must go (Reply-To): the mailbox the poller reads. */
  mailboxAddress: string;
  corsOrigins: string[];
  publicUrl?: string;
  /** Where the pages are (the thread page of U1): the API's origin locally, CloudFront's on AWS. */
  webUrl?: string;
  /** AWS: the value CloudFront adds to every request it passes to the API; a request without it is refused. */
  originSecret?: string;
  endpoints: { dynamodb?: string; s3?: string; ses?: string };
  /** AWS: the KMS key for the mailbox password. Local: a key file. */
  kmsKeyId?: string;
  localKeyFile?: string;
  /** SES configuration set whose bounce and complaint events reach mail-events. */
  sesConfigurationSet?: string;
  pollBudgetMs: number;
  /** How long the poller waits for the mail server to connect, greet and answer each step. */
  mailTimeoutMs: number;
  /**
   * The non-public address ranges the mailbox host may be in (O3): none on AWS, where the desk must not reach
   * its own network; loopback for `npm start` and the tests. From MAILBOX_ALLOW, e.g. "loopback,private".
   */
  mailboxAllow: AllowableRange[];
  /** The largest mail SES takes (40 MB, attachments encoded); a mail whose files would pass it links to them instead. */
  mailMaxBytes: number;
  /** Contact-form submits (C6), console sign-in links (A12) and customer answers per thread (C7) allowed per 10 minutes. */
  limits: { perEmail: number; perIp: number; signInsPerEmail: number; signInsPerIp: number; answersPerThread: number };
  logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
}

const LOG_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT'] as const;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const bad: string[] = [];
  const text = (name: string, fallback?: string): string | undefined => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? fallback : value;
  };
  const email = (name: string, fallback: string): string => {
    const value = text(name, fallback)!;
    if (!/^[^\s@]+@[^\s@]+$/.test(value)) bad.push(name);
    return value;
  };
  const url = (name: string): string | undefined => {
    const value = text(name);
    if (value !== undefined && !/^https?:\/\/\S+$/.test(value)) bad.push(name);
    return value;
  };
  const positive = (name: string, fallback: number): number => {
    const value = Number(text(name, String(fallback)));
    if (!Number.isInteger(value) || value <= 0) bad.push(name);
    return value;
  };
  const ranges = (name: string): AllowableRange[] => {
    const values = (text(name, '') ?? '').split(',').map((v) => v.trim().toLowerCase()).filter(Boolean);
    if (values.some((v) => !(ALLOWABLE_RANGES as readonly string[]).includes(v))) bad.push(name);
    return values as AllowableRange[];
  };
  const level = text('LOG_LEVEL', 'INFO')!.toUpperCase() as Config['logLevel'];
  if (!LOG_LEVELS.includes(level)) bad.push('LOG_LEVEL');
  const senderAddress = email('SENDER_ADDRESS', 'desk@shopdesk.local');
  const config: Config = {
    tableName: text('TABLE_NAME', 'shopdesk')!,
    bucketName: text('BUCKET_NAME', 'shopdesk')!,
    region: text('AWS_REGION', 'us-east-1')!,
    senderAddress,
    senderName: text('SENDER_NAME', 'ShopDesk')!,
    mailboxAddress: email('MAILBOX_ADDRESS', senderAddress),
    corsOrigins: (text('CORS_ORIGINS', '') ?? '').split(',').map((o) => o.trim()).filter(Boolean),
    publicUrl: url('PUBLIC_URL'),
    webUrl: url('WEB_URL'),
    originSecret: text('ORIGIN_SECRET'),
    endpoints: { dynamodb: url('DYNAMODB_ENDPOINT'), s3: url('S3_ENDPOINT'), ses: url('SES_ENDPOINT') },
    kmsKeyId: text('KMS_KEY_ID'),
    localKeyFile: text('LOCAL_KEY_FILE'),
    sesConfigurationSet: text('SES_CONFIGURATION_SET'),
    pollBudgetMs: positive('POLL_BUDGET_MS', 240_000),
    mailTimeoutMs: positive('MAIL_TIMEOUT_MS', 15_000),
    mailboxAllow: ranges('MAILBOX_ALLOW'),
    mailMaxBytes: positive('MAIL_MAX_BYTES', 40_000_000),
    limits: {
      perEmail: positive('SUBMITS_PER_EMAIL', 5),
      perIp: positive('SUBMITS_PER_IP', 20),
      signInsPerEmail: positive('SIGNINS_PER_EMAIL', 5),
      signInsPerIp: positive('SIGNINS_PER_IP', 20),
      answersPerThread: positive('ANSWERS_PER_THREAD', 10),
    },
    logLevel: level,
  };
  if (bad.length > 0) throw new Error(`Invalid configuration in the environment: ${bad.join(', ')}`);
  return config;
}
