// npm run bench:coldstart — per function: the bytes a cold start loads and the median time for a fresh node to load the
// bundle and answer one event, next to a floor bundle (built the same way) that only imports the SDK clients that function uses.
// Besides the wall time, the CPU time of the whole process: on a shared machine it moves far less than the wall time.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build, type Metafile } from 'esbuild';
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

/** The bytes a cold start loads: the entry and every chunk it imports statically (lazy chunks load only when reached). */
function loadedBytes(meta: Metafile, outdir: string): { loaded: number; total: number } {
  const outputs = meta.outputs;
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file) || !outputs[file]) return;
    seen.add(file);
    for (const i of outputs[file].imports) if (i.kind === 'import-statement' && !i.external) visit(i.path);
  };
  visit(Object.keys(outputs).find((f) => f.endsWith('/index.mjs') && resolve(f).startsWith(outdir))!);
  const code = Object.entries(outputs).filter(([f]) => f.endsWith('.mjs'));
  return { loaded: [...seen].reduce((n, f) => n + outputs[f]!.bytes, 0), total: code.reduce((n, [, o]) => n + o.bytes, 0) };
}

/** Wall ms from the import to the answer, and CPU ms of the whole process (node's own start included). */
function timeRun(dir: string, file: string, event: unknown): { wall: number; cpu: number } {
  const runner = join(dir, 'run.mjs');
  writeFileSync(
    runner,
    `const t = performance.now(); const m = await import(process.argv[2]); const e = JSON.parse(process.argv[3]); if (e) await m.handler(e, {}); const c = process.cpuUsage(); console.log(performance.now() - t, (c.user + c.system) / 1000);`,
  );
  const out = execFileSync(process.execPath, [runner, file, JSON.stringify(event)], {
    env: { PATH: process.env.PATH, TABLE_NAME: 't', BUCKET_NAME: 'b', AWS_REGION: 'eu-west-1', KMS_KEY_ID: 'k', LOG_LEVEL: 'ERROR', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'x' },
    encoding: 'utf8',
  });
  const [wall, cpu] = out.trim().split('\n').at(-1)!.split(' ').map(Number);
  return { wall: wall!, cpu: cpu! };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'shopdesk-coldstart-'));
  const rows: Record<string, string | number>[] = [];
  try {
    for (const handler of HANDLERS) {
      const out = join(dir, handler);
      const bundle = await build({ ...esbuildOptionsFor(handler, out), metafile: true });
      const file = join(out, 'index.mjs');
      const floorEntry = join(dir, `${handler}-floor.ts`);
      writeFileSync(floorEntry, CLIENTS[handler].map((c, i) => `import * as c${i} from '${c}';`).join('\n') + `\nexport const handler = async () => ({ statusCode: 200, body: String([${CLIENTS[handler].map((_, i) => `Object.keys(c${i}).length`).join(',')}]) });\n`);
      const floorOut = join(dir, `${handler}-floor`);
      const floor = await build({ ...esbuildOptionsFor(handler, floorOut), entryPoints: { index: floorEntry }, nodePaths: [join(process.cwd(), 'node_modules')], metafile: true });
      const floorFile = join(floorOut, 'index.mjs');
      const event = eventFor(handler);
      const runs: { wall: number; cpu: number }[] = [];
      const floorRuns: { wall: number; cpu: number }[] = [];
      for (let i = 0; i < RUNS; i++) {
        floorRuns.push(timeRun(dir, floorFile, event));
        runs.push(timeRun(dir, file, event));
      }
      const sizes = loadedBytes(bundle.metafile, out);
      const size = sizes.loaded;
      const floorSize = loadedBytes(floor.metafile, floorOut).loaded;
      const t = median(runs.map((r) => r.wall));
      const ft = median(floorRuns.map((r) => r.wall));
      const cpu = median(runs.map((r) => r.cpu));
      const floorCpu = median(floorRuns.map((r) => r.cpu));
      rows.push({
        function: handler,
        'loaded KB': (size / 1024).toFixed(0),
        'all chunks KB': (sizes.total / 1024).toFixed(0),
        'floor KB': (floorSize / 1024).toFixed(0),
        'size ratio': (size / floorSize).toFixed(2),
        'load+answer ms': t.toFixed(0),
        'floor ms': ft.toFixed(0),
        'time ratio': (t / ft).toFixed(2),
        'cpu ms': cpu.toFixed(0),
        'floor cpu ms': floorCpu.toFixed(0),
        'cpu ratio': (cpu / floorCpu).toFixed(2),
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
