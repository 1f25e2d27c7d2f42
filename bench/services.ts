// Starts the stand-ins for a benchmark run (as the test harness does) and stops them after.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppOptions } from '../local/app';
import { startDynamoLocal } from '../local/dynamodb';
import { startS3Local } from '../local/s3';
import { startSesCapture } from '../local/ses';
import { startDovecot, type Dovecot } from '../test/support/dovecot';
import { freePort } from '../test/support/free-port';

export interface BenchServices {
  dynamodb: string;
  s3: string;
  ses: string;
  tmp: string;
  dovecot?: Dovecot;
  stop(): Promise<void>;
}

export async function startBenchServices(options: { mail?: boolean } = {}): Promise<BenchServices> {
  const tmp = mkdtempSync(join(tmpdir(), 'shopdesk-bench-'));
  chmodSync(tmp, 0o755);
  const dynamo = await startDynamoLocal({ port: await freePort() });
  const s3 = await startS3Local({ port: await freePort(), dataDir: join(tmp, 's3'), buckets: [] });
  const ses = await startSesCapture(join(tmp, 'ses'), 0);
  const dovecot = options.mail ? await startDovecot(join(tmp, 'dovecot')) : undefined;
  return {
    dynamodb: dynamo.endpoint,
    s3: s3.endpoint,
    ses: ses.url,
    tmp,
    dovecot,
    stop: async () => {
      dovecot?.stop();
      await ses.close();
      await s3.stop();
      await dynamo.stop();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

export function table(rows: Record<string, string | number>[]): string {
  const cols = Object.keys(rows[0] ?? {});
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
  const line = (cells: string[]) => '| ' + cells.map((c, i) => c.padEnd(width[i]!)).join(' | ') + ' |';
  return [line(cols), line(width.map((w) => '-'.repeat(w))), ...rows.map((r) => line(cols.map((c) => String(r[c]))))].join('\n');
}

/** The local desk's options for a benchmark: the stand-ins of `s`, one table and bucket, no schedule, quiet logs. */
export function benchAppOptions(s: BenchServices, name: string, env: Record<string, string> = {}): AppOptions {
  return {
    endpoints: { dynamodb: s.dynamodb, s3: s.s3, ses: s.ses },
    table: name,
    bucket: name,
    keyFile: `${s.tmp}/key`,
    host: '127.0.0.1',
    port: 0,
    admin: { name: 'Bench', email: 'bench@shop.test' },
    senderAddress: 'desk@shopdesk.test',
    pollEveryMs: null,
    logLevel: 'ERROR',
    env,
  };
}
