// npm run bench — every benchmark in turn, each against its floor measured in the same run; figures go to docs/benchmarks.md.
import { spawnSync } from 'node:child_process';

const BENCHES = ['ingest', 'coldstart', 'api', 'scale', 'concurrency'];

const started = Date.now();
const failed: string[] = [];
for (const name of BENCHES) {
  console.log(`\n=== bench:${name} ===`);
  const run = spawnSync('npx', ['tsx', `bench/${name}.ts`], { stdio: 'inherit', env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } });
  if (run.status !== 0) failed.push(name);
}
console.log(`\nAll benchmarks: ${((Date.now() - started) / 60_000).toFixed(1)} min${failed.length ? `; failed: ${failed.join(', ')}` : ''}.`);
process.exit(failed.length ? 1 : 0);
