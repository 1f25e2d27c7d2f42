// The holes an attacker found (issue 15), one test each: every one failed on the code before its fix.
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Conflict } from '../../functions/desk/errors';
import { updateEmployee } from '../../functions/use-cases/employees';
import { startTestDesk, uniqueEmail, type TestDesk } from '../support/desk';
import { holdBefore } from '../support/held';

let desk: TestDesk;
beforeAll(async () => {
  desk = await startTestDesk();
});
afterAll(async () => {
  await desk.close();
});

describe('access (A11): a fired or demoted employee loses every token at once', () => {
  it('holds the limit of 90 tokens under 130 concurrent issues, then deactivation and demotion reach every one', async () => {
    const e = await desk.api.post('/v1/employees', { name: 'Mallory', email: uniqueEmail('mallory'), role: 'admin' });
    const issued = await Promise.all(Array.from({ length: 130 }, (_, i) => desk.api.post(`/v1/employees/${e.body.id}/tokens`, { label: `t${i}` })));
    const tokens = issued.filter((r) => r.status === 201).map((r) => r.body.token as string);
    expect(tokens).toHaveLength(90);
    expect(issued.filter((r) => r.status === 409)).toHaveLength(40);
    const listed = await desk.api.get(`/v1/employees/${e.body.id}/tokens`);
    expect(listed.body.items).toHaveLength(90);
    // A revocation frees one place, and only one.
    expect((await desk.api.request('DELETE', `/v1/tokens/${issued.find((r) => r.status === 201)!.body.id}`)).status).toBe(204);
    expect((await desk.api.post(`/v1/employees/${e.body.id}/tokens`, { label: 'again' })).status).toBe(201);
    expect((await desk.api.post(`/v1/employees/${e.body.id}/tokens`, { label: 'over' })).status).toBe(409);
    const alive = tokens.slice(1);

    expect((await desk.api.request('PATCH', `/v1/employees/${e.body.id}`, { body: { role: 'agent' } })).status).toBe(200);
    const settings = await Promise.all(alive.map((t) => desk.api.get('/v1/settings', t)));
    expect(settings.map((r) => r.status)).toEqual(alive.map(() => 403));

    expect((await desk.api.request('PATCH', `/v1/employees/${e.body.id}`, { body: { active: false } })).status).toBe(200);
    const me = await Promise.all(alive.map((t) => desk.api.get('/v1/me', t)));
    expect(me.map((r) => r.status)).toEqual(alive.map(() => 401));
  }, 120_000);

  it('keeps one active admin when two admins demote each other at the same moment', async () => {
    const a = await desk.api.post('/v1/employees', { name: 'Alice', email: uniqueEmail('alice'), role: 'admin' });
    const b = await desk.api.post('/v1/employees', { name: 'Bob', email: uniqueEmail('bob'), role: 'admin' });
    const ta = (await desk.api.post(`/v1/employees/${a.body.id}/tokens`, {})).body.token as string;
    const others = (await desk.api.get('/v1/employees')).body.items.filter((x: { id: string; role: string }) => x.role === 'admin' && x.id !== a.body.id && x.id !== b.body.id);
    for (const o of others) expect((await desk.api.request('PATCH', `/v1/employees/${o.id}`, { body: { role: 'agent' }, token: ta })).status).toBe(200);
    // Bob demotes Alice: held after its reads, just before its transaction; meanwhile Alice demotes Bob.
    const held = holdBefore('db', (c) => c instanceof TransactWriteCommand);
    const byBob = updateEmployee(held.deps, a.body.id, { role: 'agent' }).then(() => 200, (e: Error) => (e instanceof Conflict ? 409 : e));
    await held.reached;
    expect((await desk.api.request('PATCH', `/v1/employees/${b.body.id}`, { body: { role: 'agent' }, token: ta })).status).toBe(200);
    held.release();
    expect(await byBob).toBe(409);
    const admins = (await desk.api.get('/v1/employees', ta)).body.items.filter((x: { role: string; active: boolean }) => x.role === 'admin' && x.active);
    expect(admins.map((x: { id: string }) => x.id)).toEqual([a.body.id]);
    // The one left can neither demote nor deactivate themselves.
    expect((await desk.api.request('PATCH', `/v1/employees/${a.body.id}`, { body: { role: 'agent' }, token: ta })).status).toBe(409);
    expect((await desk.api.request('PATCH', `/v1/employees/${a.body.id}`, { body: { active: false }, token: ta })).status).toBe(400);
    // Give the desk its first admin back for the other tests.
    const first = (await desk.api.get('/v1/employees', ta)).body.items.find((x: { email: string }) => x.email === desk.adminEmail);
    expect((await desk.api.request('PATCH', `/v1/employees/${first.id}`, { body: { role: 'admin' }, token: ta })).status).toBe(200);
  });
});
