// The AWS clients beyond DynamoDB, one factory each, so that a handler imports only those it uses.
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import type { Config } from './config';
import { assembleDeps, type Deps } from './deps';
import { fileSecretBox, kmsSecretBox, type SecretBox } from './store/secret-box';

export function s3Client(config: Config): S3Client {
  return new S3Client({ region: config.region, endpoint: config.endpoints.s3, forcePathStyle: Boolean(config.endpoints.s3), maxAttempts: 4 });
}

/** One attempt per call: the outbox and the stream retry, with the mail's state kept between attempts. */
export function sesClient(config: Config): SESv2Client {
  return new SESv2Client({ region: config.region, endpoint: config.endpoints.ses, maxAttempts: 1 });
}

export function secretBox(config: Config): SecretBox {
  return config.kmsKeyId ? kmsSecretBox(config.kmsKeyId, config.region) : fileSecretBox(config.localKeyFile ?? '.shopdesk/secret.key');
}

/** Every client: for the local runner, the tests and the benchmarks, which play all functions at once. */
export function createDeps(config: Config): Deps {
  return assembleDeps(config, { s3: s3Client, ses: sesClient, secrets: secretBox });
}
