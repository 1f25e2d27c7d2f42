// Starts the shared stand-ins once for the whole run: DynamoDB Local, s3rver, the SES capture, dovecot; builds the pages.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startDynamoLocal } from '../../local/dynamodb';
import { startS3Local } from '../../local/s3';
import { startSesCapture } from '../../local/ses';
import { buildWeb } from '../../web/build';
import { startDovecot } from './dovecot';
import { freePort } from './free-port';

export interface Services {
  dynamodb: string;
  s3: string;
  ses: string;
  tmp: string;
  /** The pages, built once for every desk of the run. */
  webDir: string;
  mail: { host: string; ports: { imap: number; imaps: number; pop3: number; pop3s: number }; user: string; password: string };
  plainMail: { host: string; ports: { imap: number; pop3: number }; user: string; password: string };
}

declare module 'vitest' {
  export interface ProvidedContext {
    services: Services;
  }
}

export default async function setup(project: TestProject) {
  const tmp = mkdtempSync(join(tmpdir(), 'shopdesk-test-'));
  // dovecot's unprivileged auth and mail processes must be able to reach their files inside.
  chmodSync(tmp, 0o755);
  const web = await buildWeb(join(tmp, 'web'));
  const dynamo = await startDynamoLocal({ port: await freePort() });
  const s3 = await startS3Local({ port: await freePort(), dataDir: join(tmp, 's3'), buckets: [] });
  const ses = await startSesCapture(join(tmp, 'ses'), 0);
  const dovecot = await startDovecot(join(tmp, 'dovecot'));
  const plain = await startDovecot(join(tmp, 'dovecot-plain'), { ssl: false });
  project.provide('services', {
    dynamodb: dynamo.endpoint,
    s3: s3.endpoint,
    ses: ses.url,
    tmp,
    webDir: web.outDir,
    mail: { host: dovecot.host, ports: dovecot.ports, user: dovecot.user, password: dovecot.password },
    plainMail: { host: plain.host, ports: { imap: plain.ports.imap, pop3: plain.ports.pop3 }, user: plain.user, password: plain.password },
  });
  return async () => {
    dovecot.stop();
    plain.stop();
    await ses.close();
    await s3.stop();
    await dynamo.stop();
    if (!process.env.SHOPDESK_KEEP_TEST_TMP) rmSync(tmp, { recursive: true, force: true });
  };
}
