import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDb, queryPartition } from '../../functions/store/db';
import { getOutboxMail } from '../../functions/store/outbox';
import { mailsTo, startTestDesk, uniqueEmail, waitFor, type TestDesk } from '../support/harness';

let desk: TestDesk;
let alex: { id: string; token: string; email: string };
let bea: { id: string; token: string; email: string };

async function employee(name: string, lang: string) {
  const email = uniqueEmail(name.toLowerCase());
  const e = await desk.api.post('/v1/employees', { name, email, role: 'agent', lang });
  const t = await desk.api.post(`/v1/employees/${e.body.id}/tokens`, { label: 'test' });
  return { id: e.body.id as string, token: t.body.token as string, email };
}

beforeAll(async () => {
  desk = await startTestDesk();
  alex = await employee('Alex', 'en');
  bea = await employee('Bea', 'fr');
});
afterAll(async () => {
  await desk.close();
});

async function newThread(opts: { email?: string; contactId?: string; message?: string } = {}) {
  const email = opts.email ?? uniqueEmail();
  const res = await desk.api.post('/v1/public/messages', { contactId: opts.contactId ?? 'customer-service', email, name: 'Jane Doe', message: opts.message ?? 'Where is my parcel?', lang: 'en' }, null);
  expect(res.status).toBe(201);
  return { id: res.body.threadId as string, email };
}

const patch = (id: string, body: unknown, token = alex.token) => desk.api.request('PATCH', `/v1/threads/${id}`, { body, token });
const view = async (id: string) => (await desk.api.get(`/v1/threads/${id}`, alex.token)).body;
const ids = (res: { body: { items: { id: string }[] } }) => res.body.items.map((r) => r.id);
const dashboard = async (token: string) => (await desk.api.get('/v1/dashboard', token)).body;

describe('assignment (T1)', { timeout: 120_000 }, () => {
  it('assigns a thread to an employee and unassigns it; the list filters mine and unassigned', async () => {
    const contact = (await desk.api.post('/v1/contacts', { name: { en: 'Assign' }, email: 'assign@shop.test' })).body.id as string;
    const a = await newThread({ contactId: contact });
    const b = await newThread({ contactId: contact });
    const res = await patch(a.id, { employeeId: bea.id });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: a.id, employeeId: bea.id, employeeName: 'Bea', status: 'open' });

    const mine = await desk.api.get(`/v1/threads?employeeId=me&contactId=${contact}`, bea.token);
    expect(ids(mine)).toEqual([a.id]);
    expect(ids(await desk.api.get(`/v1/threads?employeeId=${bea.id}`, alex.token))).toContain(a.id);
    expect(ids(await desk.api.get(`/v1/threads?employeeId=none&contactId=${contact}`, alex.token))).toEqual([b.id]);
    expect(ids(await desk.api.get(`/v1/threads?employeeId=me&contactId=${contact}`, alex.token))).toEqual([]);

    const back = await patch(a.id, { employeeId: null });
    expect(back.body).toMatchObject({ employeeId: null, employeeName: null });
    expect(ids(await desk.api.get(`/v1/threads?employeeId=none&contactId=${contact}`, alex.token))).toEqual([b.id, a.id]);
    expect(ids(await desk.api.get(`/v1/threads?employeeId=me&contactId=${contact}`, bea.token))).toEqual([]);
  });

  it('mails the new assignee in the assignee’s language, not the thread’s, and nobody who assigns themself', async () => {
    const t = await newThread();
    await patch(t.id, { employeeId: bea.id });
    const mail = await waitFor(async () => (await mailsTo(desk.sesUrl, bea.email)).find((m) => m.parsed.text?.includes(t.id)));
    expect(mail!.subject).toBe('Alex vous a confié une discussion client');
    expect(mail!.parsed.text).toContain('Where is my parcel?');
    expect(mail!.parsed.text).toContain(t.id);
    await patch(t.id, { employeeId: alex.id }, alex.token);
    // A change's mails are written in its transaction: once the PATCH answered, the thread's outbox is complete.
    const db = createDb(desk.table, 'us-east-1', inject('services').dynamodb);
    const links = await queryPartition<{ outboxId: string }>(db, `THREAD#${t.id}`, 'OUTBOX#');
    const outbox = await Promise.all(links.map((l) => getOutboxMail(db, l.outboxId)));
    expect(outbox.filter((m) => m!.to.some((a) => a.address === alex.email))).toEqual([]);
    expect((await mailsTo(desk.sesUrl, alex.email)).filter((m) => m.subject.includes('put you in charge'))).toEqual([]);
  });

  it('refuses an unknown or inactive employee with 400 unknown-reference and changes nothing', async () => {
    const t = await newThread();
    const unknown = await patch(t.id, { employeeId: 'AAAAAAAAAAAAAAAA' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.type).toMatch(/unknown-reference$/);
    const gone = await employee('Gone', 'de');
    await desk.api.request('PATCH', `/v1/employees/${gone.id}`, { body: { active: false } });
    expect((await patch(t.id, { employeeId: gone.id })).status).toBe(400);
    const v = await view(t.id);
    expect([v.thread.employeeId, v.events]).toEqual([null, []]);
  });

  it('keeps "mine" and "unassigned" exact on the dashboard through assign, close, reopen and reassign', async () => {
    const start = await dashboard(bea.token);
    const t = await newThread();
    let d = await dashboard(bea.token);
    expect(d.assignment.unassigned - start.assignment.unassigned).toBe(1);
    await patch(t.id, { employeeId: bea.id });
    d = await dashboard(bea.token);
    expect([d.assignment.mine - start.assignment.mine, d.assignment.unassigned - start.assignment.unassigned]).toEqual([1, 0]);
    await patch(t.id, { status: 'closed' });
    d = await dashboard(bea.token);
    expect([d.assignment.mine - start.assignment.mine, d.assignment.unassigned - start.assignment.unassigned]).toEqual([0, 0]);
    await patch(t.id, { status: 'open' });
    d = await dashboard(bea.token);
    expect([d.assignment.mine - start.assignment.mine, d.assignment.unassigned - start.assignment.unassigned]).toEqual([1, 0]);
    await patch(t.id, { employeeId: alex.id });
    d = await dashboard(bea.token);
    expect([d.assignment.mine - start.assignment.mine, d.assignment.unassigned - start.assignment.unassigned]).toEqual([0, 0]);
    expect((await dashboard(alex.token)).assignment.mine).toBeGreaterThanOrEqual(1);
  });

  it('makes the first employee who replies the one in charge, counted as theirs (A7, T1)', async () => {
    const start = await dashboard(alex.token);
    const t = await newThread();
    await desk.api.post(`/v1/threads/${t.id}/replies`, { message: 'Looking into it.', status: 'pending1' }, alex.token);
    const d = await dashboard(alex.token);
    expect([d.assignment.mine - start.assignment.mine, d.assignment.unassigned - start.assignment.unassigned]).toEqual([1, 0]);
  });
});

describe('tags (T2)', { timeout: 120_000 }, () => {
  it('normalizes tags, lists a tag’s threads from its index and counts the tags in use', async () => {
    const tag = `late ${Date.now().toString(36)}`;
    const normalized = tag.replace(' ', '-');
    const a = await newThread();
    const b = await newThread();
    const res = await patch(a.id, { tags: [`  ${tag.toUpperCase()} `, 'Gift', 'gift'] });
    expect(res.status).toBe(200);
    expect(res.body.tags).toEqual(['gift', normalized].sort());
    await patch(b.id, { tags: [tag] });
    expect(ids(await desk.api.get(`/v1/threads?tag=${encodeURIComponent(tag)}`, alex.token))).toEqual([b.id, a.id]);
    const row = (await desk.api.get(`/v1/threads?tag=${normalized}&limit=1`, alex.token)).body;
    expect(row.items[0]).toMatchObject({ id: b.id, tags: [normalized], email: b.email });
    const page2 = await desk.api.get(`/v1/threads?tag=${normalized}&limit=1&cursor=${row.nextCursor}`, alex.token);
    expect(ids(page2)).toEqual([a.id]);

    let tags = (await desk.api.get('/v1/tags', alex.token)).body.items as { tag: string; count: number }[];
    expect(tags.find((t) => t.tag === normalized)).toEqual({ tag: normalized, count: 2 });

    await patch(a.id, { tags: ['gift'] });
    tags = (await desk.api.get('/v1/tags', alex.token)).body.items;
    expect(tags.find((t) => t.tag === normalized)).toEqual({ tag: normalized, count: 1 });
    expect(ids(await desk.api.get(`/v1/threads?tag=${normalized}`, alex.token))).toEqual([b.id]);
    await patch(b.id, { tags: [] });
    tags = (await desk.api.get('/v1/tags', alex.token)).body.items;
    expect(tags.find((t) => t.tag === normalized)).toBeUndefined();
    expect(ids(await desk.api.get(`/v1/threads?tag=${normalized}`, alex.token))).toEqual([]);
  });

  it('keeps a tagged thread’s list row current as the thread changes, and combines the tag with other filters', async () => {
    const tag = `vip-${Date.now().toString(36)}`;
    const t = await newThread();
    await patch(t.id, { tags: [tag] });
    await newThread({ email: t.email, message: 'A second message, newer preview' });
    await patch(t.id, { status: 'pending2', employeeId: bea.id });
    const rows = (await desk.api.get(`/v1/threads?tag=${tag}`, alex.token)).body.items;
    expect(rows[0]).toMatchObject({ id: t.id, status: 'pending2', employeeId: bea.id, lastMessagePreview: 'A second message, newer preview', unread: 2 });
    expect(ids(await desk.api.get(`/v1/threads?tag=${tag}&status=pending2`, alex.token))).toEqual([t.id]);
    expect(ids(await desk.api.get(`/v1/threads?tag=${tag}&status=open`, alex.token))).toEqual([]);
    expect(ids(await desk.api.get(`/v1/threads?tag=${tag}&employeeId=none`, alex.token))).toEqual([]);
    expect(ids(await desk.api.get(`/v1/threads?status=pending2&employeeId=${bea.id}&email=${encodeURIComponent(t.email)}`, alex.token))).toEqual([t.id]);
  });

  it('refuses more than 10 tags, a tag over 32 characters or with a comma, and stores nothing', async () => {
    const t = await newThread();
    const many = await patch(t.id, { tags: Array.from({ length: 11 }, (_, i) => `t${i}`) });
    expect(many.status).toBe(400);
    expect(many.body.errors[0].field).toBe('tags');
    expect((await patch(t.id, { tags: ['x'.repeat(33)] })).status).toBe(400);
    expect((await patch(t.id, { tags: ['a,b'] })).status).toBe(400);
    const v = await view(t.id);
    expect([v.thread.tags, v.events]).toEqual([[], []]);
  });
});

describe('audit trail (T5)', { timeout: 120_000 }, () => {
  it('puts status changes, assignments, tags, forwards, notes and replies in the timeline with who and when', async () => {
    const t = await newThread();
    await patch(t.id, { status: 'pending1', employeeId: bea.id, tags: ['refund'] });
    await desk.api.post(`/v1/threads/${t.id}/notes`, { message: 'Checked the carrier.' }, bea.token);
    await desk.api.post(`/v1/threads/${t.id}/forward`, { email: 'carrier@example.com', comment: 'Where is it?' }, bea.token);
    await desk.api.post(`/v1/threads/${t.id}/replies`, { message: 'It ships tomorrow.' }, alex.token);
    await patch(t.id, { tags: [] }, bea.token);
    const v = await view(t.id);
    const entries = v.timeline.filter((e: { type: string }) => e.type !== 'order').map((e: { type: string; event?: Record<string, unknown>; message?: Record<string, unknown> }) => [e.type, e.event?.byEmployeeName ?? e.message?.authorName]);
    // The three changes of one PATCH share their time.
    expect([...entries.slice(1, 4)].sort()).toEqual([
      ['assignment', 'Alex'],
      ['status', 'Alex'],
      ['tags', 'Alex'],
    ]);
    expect([...entries.slice(0, 1), ...entries.slice(4)]).toEqual([
      ['message', 'Jane Doe'],
      ['message', 'Bea'],
      ['forward', 'Bea'],
      ['message', 'Alex'],
      ['tags', 'Bea'],
    ]);
    const byKind = (kind: string) => v.events.filter((e: { kind: string }) => e.kind === kind);
    expect(byKind('status')[0]).toMatchObject({ fromStatus: 'open', toStatus: 'pending1', byEmployeeId: alex.id, at: expect.stringMatching(/^\d{4}-/) });
    expect(byKind('assignment')[0]).toMatchObject({ fromEmployeeId: null, toEmployeeId: bea.id, toName: 'Bea' });
    expect(byKind('tags').map((e: { added: string[]; removed: string[] }) => [e.added, e.removed])).toEqual([
      [['refund'], []],
      [[], ['refund']],
    ]);
    expect(byKind('forward')[0]).toMatchObject({ toEmail: 'carrier@example.com', comment: 'Where is it?' });
    expect(v.forwards).toHaveLength(1);
  });

  it('records nothing when a change changes nothing', async () => {
    const t = await newThread();
    const same = await patch(t.id, { status: 'open', employeeId: null, tags: [] });
    expect(same.body).toMatchObject({ status: 'open', employeeId: null, tags: [] });
    expect((await view(t.id)).events).toEqual([]);
  });
});
