// The two agent routes the console needs beyond the seeds' API: the team to forward to, and a download link as JSON.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDesk, uniqueEmail, type TestDesk } from '../support/harness';
import { PDF, uploadFile } from '../support/uploads';

let desk: TestDesk;
beforeAll(async () => {
  desk = await startTestDesk();
}, 180_000);
afterAll(async () => {
  await desk.close();
});

async function agentToken(name: string, active = true): Promise<{ id: string; token: string }> {
  const e = await desk.api.post('/v1/employees', { name, email: uniqueEmail('agent'), role: 'agent' });
  const token = (await desk.api.post(`/v1/employees/${e.body.id}/tokens`, { label: 'test' })).body.token as string;
  if (!active) await desk.api.request('PATCH', `/v1/employees/${e.body.id}`, { body: { active: false } });
  return { id: e.body.id, token };
}

describe('what the console needs (U3)', () => {
  it('gives any agent the team: id, name and whether active, by name, and nothing else about them (A6 forward)', async () => {
    const zoe = await agentToken('Zoé Zed');
    const gone = await agentToken('Bob Gone', false);
    const res = await desk.api.get('/v1/team', zoe.token);
    expect(res.status).toBe(200);
    expect(res.body.nextCursor).toBeNull();
    expect(res.body.items).toContainEqual({ id: zoe.id, name: 'Zoé Zed', active: true });
    expect(res.body.items).toContainEqual({ id: gone.id, name: 'Bob Gone', active: false });
    for (const member of res.body.items) expect(Object.keys(member).sort()).toEqual(['active', 'id', 'name']);
    const names = res.body.items.map((m: { name: string }) => m.name);
    expect(names).toEqual([...names].sort((a: string, b: string) => a.localeCompare(b)));
    expect((await desk.api.get('/v1/team', null)).status).toBe(401);
  });

  it('answers an attachment’s download link as JSON for fetch-based clients, valid like the redirect’s', async () => {
    const agent = await agentToken('Ann Attach');
    const email = uniqueEmail();
    const thread = await desk.api.post('/v1/public/messages', { contactId: 'customer-service', email, message: 'Hello' }, null);
    const uploadId = await uploadFile(desk.api, '/v1/uploads', 'label.pdf', 'application/pdf', PDF);
    const reply = await desk.api.post(`/v1/threads/${thread.body.threadId}/replies`, { message: 'Here.', uploadIds: [uploadId] });
    const attachment = reply.body.message.attachments[0];
    const res = await desk.api.get(`/v1/attachments/${attachment.id}/link`, agent.token);
    expect(res.status).toBe(200);
    expect(res.headers.get('location')).toBeNull();
    const file = await fetch(res.body.url);
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).equals(PDF)).toBe(true);
    const redirect = await desk.api.get(`/v1/attachments/${attachment.id}`, agent.token);
    expect(redirect.status).toBe(302);
    expect((await desk.api.get('/v1/attachments/nosuchattachment/link', agent.token)).status).toBe(404);
  });
});
