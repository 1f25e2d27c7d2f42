// The small bag of clients and config that handlers build once per cold start and pass down.
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { randomBytes } from 'node:crypto';
import type { Config } from './config';
import type { Ids } from './desk/threads';
import { createLogger, type Logger } from './http/logger';
import { createDb, type Db } from './store/db';
import { fileSecretBox, kmsSecretBox, type SecretBox } from './store/secret-box';

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

export const ids: Ids = {
  newId: () => randomBytes(12).toString('base64url'),
  newSecret: () => randomBytes(18).toString('base64url'),
};

export function createDeps(config: Config): Deps {
  const local = Boolean(config.endpoints.s3);
  return {
    config,
    db: createDb(config.tableName, config.region, config.endpoints.dynamodb),
    s3: new S3Client({ region: config.region, endpoint: config.endpoints.s3, forcePathStyle: local, maxAttempts: 4 }),
    ses: new SESv2Client({ region: config.region, endpoint: config.endpoints.ses, maxAttempts: 1 }),
    secrets: config.kmsKeyId ? kmsSecretBox(config.kmsKeyId, config.region) : fileSecretBox(config.localKeyFile ?? '.shopdesk/secret.key'),
    logger: createLogger(config.logLevel),
    ids,
    now: () => new Date(),
  };
}
