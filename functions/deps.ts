// The small bag of clients and config that handlers build once per cold start and pass down.
import type { S3Client } from '@aws-sdk/client-s3';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { randomBytes } from 'node:crypto';
import type { Config } from './config';
import type { Ids } from './desk/threads';
import { createLogger, type Logger } from './logger';
import { createDb, type Db } from './store/db';
import type { SecretBox } from './store/secret-box';

export interface Deps {
  config: Config;
  db: Db;
  s3: S3Client;
  ses: SESv2Client;
  secrets: SecretBox;
  logger: Logger;
  ids: Ids;
  now: () => Date;
}

/** The clients a function uses beyond DynamoDB; each handler names their factories, so that its bundle holds no other SDK client. */
export type Clients = { [K in 's3' | 'ses' | 'secrets']?: (config: Config) => Deps[K] };

export const ids: Ids = {
  newId: () => randomBytes(12).toString('base64url'),
  newSecret: () => randomBytes(18).toString('base64url'),
};

export function assembleDeps(config: Config, clients: Clients): Deps {
  return {
    config,
    db: createDb(config.tableName, config.region, config.endpoints.dynamodb),
    s3: clients.s3?.(config) ?? notWired<S3Client>('S3'),
    ses: clients.ses?.(config) ?? notWired<SESv2Client>('SES'),
    secrets: clients.secrets?.(config) ?? notWired<SecretBox>('the secret box'),
    logger: createLogger(config.logLevel),
    ids,
    now: () => new Date(),
  };
}

/** Reaching a client that a function was not given is a wiring mistake; it fails loudly at the first use. */
function notWired<T extends object>(name: string): T {
  return new Proxy({} as T, {
    get: () => {
      throw new Error(`${name} is not wired into this function.`);
    },
  });
}
