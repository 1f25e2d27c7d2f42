// npm run bench:coldstart — per function: bundle size and the median time for a fresh node to load it and answer one event,
// next to a floor bundle that only imports the SDK clients that function uses.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { esbuildOptionsFor, HANDLERS } from '../lib/lambda';
import { median, table } from './services';

const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const HEALTH = { version: '2.0', rawPath: '/v1/health', headers: {}, requestContext: { http: { method: 'GET', path: '/v1/health', sourceIp: '203.0.113.1' }, requestId: 'r' } };

const CLIENTS: Record<(typeof HANDLERS)[number], string[]> = {
  'public-api': ['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb', '@aws-sdk/client-s3', '@aws-sdk/s3-presigned-post', '@aws-sdk/s3-request-presigner'],
  'agent-api': ['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb', '@aws-sdk/client-s3', '@aws-sdk/s3-presigned-post', '@aws-sdk/s3-request-presigner', '@aws-sdk/client-kms'],
  'mail-poll': ['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb', '@aws-sdk/client-s3', '@aws-sdk/client-kms'],
  'mail-send': ['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb', '@aws-sdk/client-s3', '@aws-sdk/client-sesv2'],
  'mail-events': ['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb'],
};

function eventFor(handler: string): unknown {
  if (handler.endsWith('-api')) return HEALTH;
  if (handler === 'mail-poll') return null;
  return { Records: [] };
}

function timeRun(dir: string, file: string, event: unknown): number {
  const runner = join(dir, 'run.mjs');
  writeFileSync(runner, `const t = performance.now(); const m = await import(process.argv[2]); const e = JSON.parse(process.argv[3]); if (e) await m.handler(e, {}); console.log(performance.now() - t);`);
  const out = execFileSync(process.execPath, [runner, file, JSON.stringify(event)], {
    env: { PATH: process.env.PATH, TABLE_NAME: 't', BUCKET_NAME: 'b', AWS_REGION: 'eu-west-1', KMS_KEY_ID: 'k', LOG_LEVEL: 'ERROR', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'x' },
    encoding: 'utf8',
  });
  return Number(out.trim().split('\n').at(-1));
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'shopdesk-coldstart-'));
  const rows: Record<string, string | number>[] = [];
  try {
    for (const handler of HANDLERS) {
      const file = join(dir, `${handler}.mjs`);
      await build(esbuildOptionsFor(handler, file));
      const floorEntry = join(dir, `${handler}-floor.ts`);
      writeFileSync(floorEntry, CLIENTS[handler].map((c, i) => `import * as c${i} from '${c}';`).join('\n') + `\nexport const handler = async () => ({ statusCode: 200, body: String([${CLIENTS[handler].map((_, i) => `Object.keys(c${i}).length`).join(',')}]) });\n`);
      const floorFile = join(dir, `${handler}-floor.mjs`);
      await build({ ...esbuildOptionsFor(handler, floorFile), entryPoints: [floorEntry], nodePaths: [join(process.cwd(), 'node_modules')] });
      const event = eventFor(handler);
      const times: number[] = [];
      const floorTimes: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        floorTimes.push(timeRun(dir, floorFile, event));
        times.push(timeRun(dir, file, event));
      }
      const size = statSync(file).size;
      const floorSize = statSync(floorFile).size;
      const t = median(times);
      const ft = median(floorTimes);
      rows.push({
        function: handler,
        'bundle KB': (size / 1024).toFixed(0),
        'floor KB': (floorSize / 1024).toFixed(0),
        'size ratio': (size / floorSize).toFixed(2),
        'load+answer ms': t.toFixed(0),
        'floor ms': ft.toFixed(0),
        'time ratio': (t / ft).toFixed(2),
        targets: `${t / ft <= 1.2 ? 'time met' : 'time MISSED'}, ${size / floorSize <= 1.3 ? 'size met' : 'size MISSED'}`,
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(table(rows));
  console.log(`\nMedian of ${RUNS} fresh node processes each (node ${process.version}); targets: ≤ 1.2× the floor in time, ≤ 1.3× in size.`);
}

await main();
