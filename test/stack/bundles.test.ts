import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { esbuildOptionsFor, HANDLERS } from '../../lib/lambda';

const dir = mkdtempSync(join(tmpdir(), 'shopdesk-bundles-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEALTH = { version: '2.0', rawPath: '/v1/health', headers: {}, requestContext: { http: { method: 'GET', path: '/v1/health', sourceIp: '203.0.113.1' }, requestId: 'r1' } };

/** Loads a bundle in a fresh `node` (as Lambda would), with only the stack's environment, and calls its handler. */
function runBundle(file: string, event: unknown): { statusCode?: number; body?: string; loaded: boolean } {
  const runner = join(dir, 'run.mjs');
  writeFileSync(runner, `const m = await import(process.argv[2]); const e = JSON.parse(process.argv[3]); const r = e ? await m.handler(e, {}) : null; console.log(JSON.stringify({ loaded: typeof m.handler === 'function', ...(r ?? {}) }));`);
  const out = execFileSync(process.execPath, [runner, file, JSON.stringify(event)], {
    env: { PATH: process.env.PATH, TABLE_NAME: 't', BUCKET_NAME: 'b', AWS_REGION: 'eu-west-1', KMS_KEY_ID: 'arn:aws:kms:eu-west-1:1:key/x', SENDER_ADDRESS: 'desk@shop.example', LOG_LEVEL: 'ERROR', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').at(-1)!);
}

describe('each function bundles the way the stack bundles it, loads in a fresh node and answers (N4)', () => {
  it.each(HANDLERS)('%s', async (handler) => {
    const file = join(dir, `${handler}.mjs`);
    await build(esbuildOptionsFor(handler, file));
    expect(statSync(file).size).toBeGreaterThan(1000);
    const http = handler === 'public-api' || handler === 'agent-api';
    const result = runBundle(file, http ? HEALTH : null);
    expect(result.loaded).toBe(true);
    if (http) {
      expect(result.statusCode).toBe(200);
      expect(JSON.parse(result.body!).status).toBe('ok');
    }
  }, 60_000);
});
