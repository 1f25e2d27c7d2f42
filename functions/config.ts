// The only module that reads process.env: validated once at cold start, passed down as plain data.
import { z } from 'zod';

const Env = z.object({
  TABLE_NAME: z.string().min(1).default('shopdesk'),
  BUCKET_NAME: z.string().min(1).default('shopdesk'),
  AWS_REGION: z.string().min(1).default('us-east-1'),
  SENDER_ADDRESS: z.string().email().default('desk@shopdesk.local'),
  SENDER_NAME: z.string().default('ShopDesk'),
  MAILBOX_ADDRESS: z.string().email().optional(),
  CORS_ORIGINS: z.string().default(''),
  PUBLIC_URL: z.string().url().optional(),
  DYNAMODB_ENDPOINT: z.string().url().optional(),
  S3_ENDPOINT: z.string().url().optional(),
  SES_ENDPOINT: z.string().url().optional(),
  KMS_KEY_ID: z.string().optional(),
  SES_CONFIGURATION_SET: z.string().optional(),
  LOCAL_KEY_FILE: z.string().optional(),
  SUBMITS_PER_EMAIL: z.coerce.number().int().positive().default(5),
  SUBMITS_PER_IP: z.coerce.number().int().positive().default(20),
  POLL_BUDGET_MS: z.coerce.number().int().positive().default(240_000),
  LOG_LEVEL: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT']).default('INFO'),
});

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
  endpoints: { dynamodb?: string; s3?: string; ses?: string };
  /** AWS: the KMS key for the mailbox password. Local: a key file. Exactly one is set. */
  kmsKeyId?: string;
  /** SES configuration set whose bounce and complaint events reach mail-events. */
  sesConfigurationSet?: string;
  localKeyFile?: string;
  pollBudgetMs: number;
  /** Contact-form submits allowed per 10 minutes (C6). */
  limits: { perEmail: number; perIp: number };
  logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => i.path.join('.')).join(', ');
    throw new Error(`Invalid configuration in the environment: ${fields}`);
  }
  const e = parsed.data;
  return {
    tableName: e.TABLE_NAME,
    bucketName: e.BUCKET_NAME,
    region: e.AWS_REGION,
    senderAddress: e.SENDER_ADDRESS,
    senderName: e.SENDER_NAME,
    mailboxAddress: e.MAILBOX_ADDRESS ?? e.SENDER_ADDRESS,
    corsOrigins: e.CORS_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean),
    publicUrl: e.PUBLIC_URL,
    endpoints: { dynamodb: e.DYNAMODB_ENDPOINT, s3: e.S3_ENDPOINT, ses: e.SES_ENDPOINT },
    kmsKeyId: e.KMS_KEY_ID,
    sesConfigurationSet: e.SES_CONFIGURATION_SET,
    localKeyFile: e.LOCAL_KEY_FILE,
    pollBudgetMs: e.POLL_BUDGET_MS,
    limits: { perEmail: e.SUBMITS_PER_EMAIL, perIp: e.SUBMITS_PER_IP },
    logLevel: e.LOG_LEVEL,
  };
}
