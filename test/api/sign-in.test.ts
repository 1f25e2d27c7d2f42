import { createHash } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createDeps } from '../../functions/clients';
import { loadConfig } from '../../functions/config';
import { createDb, type Db } from '../../functions/store/db';
import { requestSignInLink } from '../../functions/use-cases/sign-in';
import { signIn as sessionFor, signInCode as codeFor, startTestDesk, uniqueEmail, waitForMails, type TestDesk } from '../support/harness';

let desk: TestDesk;
let db: Db;

beforeAll(async () => {
  desk = await startTestDesk();
  db = createDb(desk.table, 'us-east-1', inject('services').dynamodb);
});
afterAll(async () => {
  await desk.close();
});

const signInCode = (email: string) => codeFor(desk, email);
const signIn = (email: string) => sessionFor(desk, email);

async function newEmployee(role: 'admin' | 'agent', lang?: string) {
  const email = uniqueEmail(role);
  const res = await desk.api.post('/v1/employees', { name: `An ${role}`, email, role, ...(lang ? { lang } : {}) });
  expect(res.status).toBe(201);
  return { id: res.body.id as string, email };
}

describe('sign-in by e-mail (A12)', () => {
  it('mails a one-time console link to a known address and answers the same for an unknown one', async () => {
    const known = await desk.api.post('/v1/auth/sign-in-link', { email: desk.adminEmail.toUpperCase() }, null);
    const unknownEmail = uniqueEmail('nobody');
    const unknown = await desk.api.post('/v1/auth/sign-in-link', { email: unknownEmail }, null);
    expect([known.status, unknown.status]).toEqual([202, 202]);
    expect(unknown.body).toEqual(known.body);
    const [mail] = await waitForMails(desk.sesUrl, desk.adminEmail, 1);
    expect(mail!.subject).toBe('Your sign-in link to the ShopDesk console');
    expect(mail!.parsed.text).toMatch(new RegExp(`${desk.url}/console/#code=[\\w-]{43}`));
    expect(mail!.parsed.headers.get('auto-submitted')).toBe('auto-generated');
    // Nothing reached the unknown address (the admin's mail above was sent after both requests were made).
    expect((await waitForMails(desk.sesUrl, unknownEmail, 0)).length).toBe(0);
  });

  it('exchanges the code once for a session that works like a token, in the employee’s language', async () => {
    const agent = await newEmployee('agent', 'fr');
    const code = await signInCode(agent.email);
    const [mail] = await waitForMails(desk.sesUrl, agent.email, 1);
    expect(mail!.subject).toBe('Votre lien de connexion à la console ShopDesk');
    const session = await desk.api.post('/v1/auth/sessions', { code }, null);
    expect(session.status).toBe(201);
    expect(session.body.token).toMatch(/^sds_[\w-]{43}$/);
    expect(session.body.employee).toMatchObject({ id: agent.id, role: 'agent', lang: 'fr' });
    expect(Date.parse(session.body.expiresAt) - Date.now()).toBeGreaterThan(11.9 * 3600_000);
    const me = await desk.api.get('/v1/me', session.body.token);
    expect(me.body).toMatchObject({ id: agent.id, credential: 'session', lang: 'fr' });
    expect((await desk.api.get('/v1/threads', session.body.token)).status).toBe(200);
    expect((await desk.api.get('/v1/settings', session.body.token)).status).toBe(403);
    const again = await desk.api.post('/v1/auth/sessions', { code }, null);
    expect(again.status).toBe(401);
    expect(again.body.reason).toBe('sign-in-link-invalid');
  });

  it('opens one session at most when the same link is used twice at once', async () => {
    const code = await signInCode(desk.adminEmail);
    const results = await Promise.all(Array.from({ length: 5 }, () => desk.api.post('/v1/auth/sessions', { code }, null)));
    expect(results.map((r) => r.status).sort()).toEqual([201, 401, 401, 401, 401]);
  });

  it('refuses a wrong code, a malformed one, and an expired link with its reason', async () => {
    const wrong = await desk.api.post('/v1/auth/sessions', { code: 'A'.repeat(43) }, null);
    expect([wrong.status, wrong.body.reason]).toEqual([401, 'sign-in-link-invalid']);
    expect((await desk.api.post('/v1/auth/sessions', { code: 'x' }, null)).status).toBe(400);
    const code = await signInCode(desk.adminEmail);
    const hash = createHash('sha256').update(`sign-in:${code}`).digest('hex');
    await db.doc.send(new UpdateCommand({ TableName: desk.table, Key: { pk: `SIGNIN#${hash}`, sk: 'SIGNIN' }, UpdateExpression: 'SET expiresAt = :past', ExpressionAttributeValues: { ':past': new Date(Date.now() - 1000).toISOString() } }));
    const expired = await desk.api.post('/v1/auth/sessions', { code }, null);
    expect([expired.status, expired.body.reason]).toEqual([401, 'sign-in-link-expired']);
  });

  it('signs out: the session answers 401 after; an API token cannot be signed out this way', async () => {
    const token = await signIn(desk.adminEmail);
    expect((await desk.api.request('DELETE', '/v1/auth/sessions/current', { token })).status).toBe(204);
    expect((await desk.api.get('/v1/me', token)).status).toBe(401);
    expect((await desk.api.request('DELETE', '/v1/auth/sessions/current')).status).toBe(400);
    expect((await desk.api.get('/v1/me')).status).toBe(200);
  });

  it('ends a session after 12 hours without use', async () => {
    const token = await signIn(desk.adminEmail);
    const hash = createHash('sha256').update(token).digest('hex');
    await db.doc.send(new UpdateCommand({ TableName: desk.table, Key: { pk: `TOKEN#${hash}`, sk: 'TOKEN' }, UpdateExpression: 'SET lastUsedAt = :t', ExpressionAttributeValues: { ':t': new Date(Date.now() - 12 * 3600_000 - 1000).toISOString() } }));
    const res = await desk.api.get('/v1/me', token);
    expect([res.status, res.body.reason]).toEqual([401, 'session-expired']);
  });

  it('deactivation ends every session at once; a demotion takes the admin routes away at once', async () => {
    const admin = await newEmployee('admin');
    const sessions = [await signIn(admin.email), await signIn(admin.email)];
    expect((await desk.api.get('/v1/settings', sessions[0])).status).toBe(200);
    await desk.api.request('PATCH', `/v1/employees/${admin.id}`, { body: { role: 'agent' } });
    for (const token of sessions) expect((await desk.api.get('/v1/settings', token)).status).toBe(403);
    await desk.api.request('PATCH', `/v1/employees/${admin.id}`, { body: { active: false } });
    for (const token of sessions) expect((await desk.api.get('/v1/me', token)).status).toBe(401);
    // An inactive employee gets no link either, and a link mailed before the deactivation no longer opens a session.
    const before = (await waitForMails(desk.sesUrl, admin.email, 0)).length;
    await desk.api.post('/v1/auth/sign-in-link', { email: admin.email }, null);
    await desk.api.post('/v1/auth/sign-in-link', { email: desk.adminEmail }, null);
    await waitForMails(desk.sesUrl, desk.adminEmail, 1);
    expect((await waitForMails(desk.sesUrl, admin.email, 0)).length).toBe(before);
  });

  it('limits requests per address, known or not (429 with Retry-After)', async () => {
    const email = uniqueEmail('flood');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await desk.api.post('/v1/auth/sign-in-link', { email }, null)).status);
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429]);
    const res = await desk.api.post('/v1/auth/sign-in-link', { email }, null);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await desk.api.post('/v1/auth/sign-in-link', { email: 'not an address' }, null)).status).toBe(400);
  });
});

describe('sign-in limits per IP', () => {
  it('answers 429 past the limit of one source address, whatever the addresses asked for', async () => {
    // The desk of this file allows any number per IP (all tests share 127.0.0.1): the use-case runs here with the default of 20.
    const deps = createDeps(loadConfig({ ...process.env, SIGNINS_PER_IP: undefined }));
    const ip = '198.51.100.23';
    for (let i = 0; i < 20; i++) await requestSignInLink(deps, uniqueEmail('ip'), ip);
    await expect(requestSignInLink(deps, uniqueEmail('ip'), ip)).rejects.toMatchObject({ status: 429 });
    await expect(requestSignInLink(deps, uniqueEmail('ip'), '198.51.100.24')).resolves.toBeUndefined();
  });
});
