import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startTestDesk, uniqueEmail, waitForMails, type TestDesk } from '../support/harness';

let desk: TestDesk;
const tokens: Record<string, string | null> = {};
let operations: { method: string; path: string; role: 'public' | 'agent' | 'admin' }[] = [];
let threadA: { id: string; token: string };
let threadB: { id: string; token: string };
let agentEmail: string;

async function customerThread() {
  const email = uniqueEmail();
  const res = await desk.api.post('/v1/public/messages', { contactId: 'customer-service', email, message: 'Hello' }, null);
  const [mail] = await waitForMails(desk.sesUrl, email, 1);
  return { id: res.body.threadId as string, token: /\[#tc([\w-]+)\]/.exec(mail!.subject)![1]! };
}

async function employeeToken(role: 'admin' | 'agent', email = uniqueEmail(role)) {
  const e = await desk.api.post('/v1/employees', { name: `The ${role}`, email, role });
  return { id: e.body.id as string, email, token: (await desk.api.post(`/v1/employees/${e.body.id}/tokens`, { label: role })).body.token as string };
}

beforeAll(async () => {
  desk = await startTestDesk();
  agentEmail = uniqueEmail('agent');
  tokens.admin = desk.adminToken;
  tokens.agent = (await employeeToken('agent', agentEmail)).token;
  tokens.none = null;
  tokens.malformed = 'not-a-token';
  const revoked = await desk.api.post(`/v1/employees/${(await desk.api.get('/v1/me')).body.id}/tokens`, { label: 'to revoke' });
  await desk.api.request('DELETE', `/v1/tokens/${revoked.body.id}`);
  tokens.revoked = revoked.body.token;
  const inactive = await employeeToken('agent');
  tokens.inactiveSession = await signIn(desk, inactive.email);
  await desk.api.request('PATCH', `/v1/employees/${inactive.id}`, { body: { active: false } });
  tokens.inactive = inactive.token;
  tokens.agentSession = await signIn(desk, agentEmail);
  tokens.adminSession = await signIn(desk, desk.adminEmail);
  tokens.endedSession = await signIn(desk, desk.adminEmail);
  await desk.api.request('DELETE', '/v1/auth/sessions/current', { token: tokens.endedSession });
  threadA = await customerThread();
  threadB = await customerThread();
  await desk.api.post(`/v1/threads/${threadA.id}/notes`, { message: 'PRIVATE-NOTE-A' });
  await desk.api.post(`/v1/threads/${threadA.id}/replies`, { message: 'public answer', status: 'open' }, tokens.agent);
  const doc = (await desk.api.get('/v1/openapi.json', null)).body as { paths: Record<string, Record<string, { security: unknown[]; responses: Record<string, unknown> }>> };
  operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({
      method: method.toUpperCase(),
      path: path.replace('{id}', threadA.id).replace('{email}', 'jane@example.com').replace('{reference}', 'R1'),
      role: op.security.length === 0 ? 'public' : op.responses['403'] ? 'admin' : 'agent',
    })) as never,
  );
}, 180_000);
afterAll(async () => {
  await desk.close();
});

describe('access matrix: every route × every kind of caller (A11)', () => {
  it.each(['none', 'malformed', 'revoked', 'inactive', 'inactiveSession', 'endedSession'])('a caller with %s token gets 401 on every agent and admin route, never on a public one', async (kind) => {
    for (const op of operations) {
      const res = await desk.api.request(op.method, op.path + (op.role === 'public' && op.path.includes('/public/threads/') ? `?token=${threadA.token}` : ''), { token: tokens[kind] ?? null, body: ['POST', 'PUT', 'PATCH'].includes(op.method) ? {} : undefined });
      if (op.role === 'public') expect([op.method, op.path, res.status === 401]).toEqual([op.method, op.path, false]);
      else expect([op.method, op.path, res.status]).toEqual([op.method, op.path, 401]);
    }
  });

  it.each([
    ['agent', 'admin'],
    ['agentSession', 'adminSession'],
  ])('an agent (%s) gets 403 on exactly the admin routes; an admin (%s) on none', async (agent, admin) => {
    // Signing out would end the admin's session that the rest of the loop uses: that route is tested on its own.
    for (const op of operations.filter((o) => o.role !== 'public' && !o.path.startsWith('/v1/auth/sessions/'))) {
      const asAgent = await desk.api.request(op.method, op.path, { token: tokens[agent], body: ['POST', 'PUT', 'PATCH'].includes(op.method) ? {} : undefined });
      expect([op.method, op.path, asAgent.status === 403]).toEqual([op.method, op.path, op.role === 'admin']);
      const asAdmin = await desk.api.request(op.method, op.path, { token: tokens[admin], body: ['POST', 'PUT', 'PATCH'].includes(op.method) ? {} : undefined });
      expect([op.method, op.path, [401, 403].includes(asAdmin.status)]).toEqual([op.method, op.path, false]);
    }
  });

  it('a customer token opens only its own thread', async () => {
    expect((await desk.api.get(`/v1/public/threads/${threadA.id}?token=${threadA.token}`, null)).status).toBe(200);
    expect((await desk.api.get(`/v1/public/threads/${threadA.id}?token=${threadB.token}`, null)).status).toBe(404);
    expect((await desk.api.post(`/v1/public/threads/${threadA.id}/messages?token=${threadB.token}`, { message: 'x' }, null)).status).toBe(404);
    expect((await desk.api.get(`/v1/me`, threadA.token)).status).toBe(401);
  });

  it('public routes reveal no contact address, employee data, private note or other customer', async () => {
    const bodies = [
      await desk.api.get('/v1/public/contacts', null),
      await desk.api.get(`/v1/public/threads/${threadA.id}?token=${threadA.token}`, null),
      await desk.api.get('/v1/openapi.json', null),
    ].map((r) => JSON.stringify(r.body));
    for (const body of bodies) {
      for (const secret of ['service@shop.test', 'webmaster@shop.test', agentEmail, 'PRIVATE-NOTE-A', threadB.id, threadB.token, desk.adminToken]) expect(body).not.toContain(secret);
    }
  });
});
