import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE, synthesize } from './synth';

const dir = mkdtempSync(join(tmpdir(), 'shopdesk-bundles-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEALTH = { version: '2.0', rawPath: '/v1/health', headers: {}, requestContext: { http: { method: 'GET', path: '/v1/health', sourceIp: '203.0.113.1' }, requestId: 'r1' } };

/** Loads a bundle in a fresh `node` (as Lambda would), with only the stack's environment, and calls its handler; then loads every lazy chunk. */
function runBundle(assetDir: string, event: unknown): { statusCode?: number; body?: string; loaded: boolean; chunks: number } {
  const runner = join(dir, 'run.mjs');
  writeFileSync(
    runner,
    `import { readdirSync, existsSync } from 'node:fs';
const [root, raw] = process.argv.slice(2);
const m = await import(root + '/index.mjs'); const e = JSON.parse(raw); const r = e ? await m.handler(e, {}) : null;
const chunks = existsSync(root + '/chunks') ? readdirSync(root + '/chunks').filter((f) => f.endsWith('.mjs')) : [];
for (const c of chunks) await import(root + '/chunks/' + c);
console.log(JSON.stringify({ loaded: typeof m.handler === 'function', chunks: chunks.length, ...(r ?? {}) }));`,
  );
  const out = execFileSync(process.execPath, [runner, assetDir, JSON.stringify(event)], {
    env: { PATH: process.env.PATH, TABLE_NAME: 't', BUCKET_NAME: 'b', AWS_REGION: 'eu-west-1', KMS_KEY_ID: 'arn:aws:kms:eu-west-1:1:key/x', SENDER_ADDRESS: 'desk@shop.example', LOG_LEVEL: 'ERROR', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').at(-1)!);
}

let functions: { id: string; assetDir: string }[] = [];

beforeAll(() => {
  // Bundling on, exactly as `cdk synth` and `cdk deploy` do it.
  const { template, error } = synthesize({ ...BASE, stage: 'dev' }, { bundling: true, outdir: join(dir, 'cdk.out') });
  if (error) throw error;
  const resources = template.findResources('AWS::Lambda::Function') as Record<string, { Properties: { Runtime?: string; Handler: string; Code: { S3Key: string } } }>;
  functions = Object.entries(resources)
    .filter(([, f]) => f.Properties.Runtime?.startsWith('nodejs') && f.Properties.Handler === 'index.handler')
    .map(([id, f]) => ({ id, assetDir: join(dir, 'cdk.out', `asset.${f.Properties.Code.S3Key.replace(/\.zip$/, '')}`) }));
}, 180_000);

const ME = { ...HEALTH, rawPath: '/v1/me', requestContext: { ...HEALTH.requestContext, http: { ...HEALTH.requestContext.http, path: '/v1/me' } } };

describe('each function, bundled by the stack, loads in a fresh node and answers (N4)', () => {
  it('bundles the five functions, each from its own entry', () => {
    expect(functions).toHaveLength(5);
    expect(new Set(functions.map((f) => f.assetDir)).size).toBe(5);
  });

  // What each answers tells the bundles apart: only agent-api serves /v1/me (401 without a token); the stream
  // sender reports batch failures; the SNS handler returns nothing; the poller is only loaded (its event reaches the network).
  it.each([
    ['PublicApi', 'GET /v1/health', HEALTH, { statusCode: 200 }],
    ['PublicApi', 'GET /v1/me', ME, { statusCode: 404 }],
    ['AgentApi', 'GET /v1/health', HEALTH, { statusCode: 200 }],
    ['AgentApi', 'GET /v1/me', ME, { statusCode: 401 }],
    ['MailSend', 'an empty batch', { Records: [] }, { batchItemFailures: [] }],
    ['MailEvents', 'an empty batch', { Records: [] }, {}],
    ['MailPoll', 'nothing (loaded only)', null, {}],
  ])('%s answers %s', (name, _what, event, expected) => {
    const fn = functions.find((f) => f.id.includes(name as string));
    expect(fn, `a function whose id names ${name}`).toBeDefined();
    const entry = join(fn!.assetDir, 'index.mjs');
    expect(existsSync(entry) && statSync(entry).size).toBeGreaterThan(1000);
    expect(readdirSync(fn!.assetDir).some((f) => f.endsWith('.mjs.map'))).toBe(true);
    const result = runBundle(fn!.assetDir, event);
    expect(result.loaded).toBe(true);
    expect(result.chunks).toBeGreaterThan(0);
    const { loaded: _loaded, chunks: _chunks, ...answer } = result;
    if ('statusCode' in expected) expect(answer.statusCode).toBe(expected.statusCode);
    else expect(answer).toEqual(expected);
  }, 60_000);
});
