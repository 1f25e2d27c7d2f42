import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDesk, type TestDesk } from '../support/harness';

let desk: TestDesk;
beforeAll(async () => {
  desk = await startTestDesk();
});
afterAll(async () => {
  await desk.close();
});

describe('the foundation (N1, N3, N5, A11)', () => {
  it('answers the health check without a token', async () => {
    const res = await desk.api.get('/v1/health', null);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
  });

  it('tells who the token belongs to', async () => {
    const res = await desk.api.get('/v1/me');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'Ada Admin', role: 'admin' });
    expect(res.body.id).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it.each([
    ['no token', undefined],
    ['a malformed header', 'Token abc'],
    ['an unknown token', 'Bearer sdk_' + 'A'.repeat(43)],
    ['garbage', 'Bearer ' + '%'.repeat(10)],
  ])('refuses %s with 401 problem+json', async (_name, header) => {
    const res = await desk.api.request('GET', '/v1/me', { token: null, headers: header ? { authorization: header } : {} });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.body).toMatchObject({ type: 'https://shopdesk.dev/problems/unauthorized', status: 401 });
  });

  it('answers an unknown route with 404 and a wrong method with 405, as problem+json', async () => {
    const missing = await desk.api.get('/v1/nothing-here');
    expect(missing.status).toBe(404);
    expect(missing.body.type).toBe('https://shopdesk.dev/problems/not-found');
    const wrong = await desk.api.request('DELETE', '/v1/me');
    expect(wrong.status).toBe(405);
    expect(wrong.body.type).toBe('https://shopdesk.dev/problems/method-not-allowed');
    expect(wrong.headers.get('allow')).toBe('GET');
  });

  it('serves an OpenAPI 3.1 document that lists every route of SPEC §8', async () => {
    const res = await desk.api.get('/v1/openapi.json', null);
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    const paths = Object.keys(res.body.paths);
    for (const p of [
      '/v1/public/contacts', '/v1/public/uploads', '/v1/public/messages', '/v1/public/threads/{id}', '/v1/public/threads/{id}/messages',
      '/v1/me', '/v1/dashboard', '/v1/threads', '/v1/threads/next-unanswered', '/v1/threads/{id}', '/v1/threads/{id}/read',
      '/v1/threads/{id}/replies', '/v1/threads/{id}/notes', '/v1/threads/{id}/forward', '/v1/uploads', '/v1/attachments/{id}',
      '/v1/order-messages', '/v1/orders/{reference}/messages', '/v1/customers/{email}', '/v1/orders/{reference}', '/v1/contacts',
      '/v1/contacts/{id}', '/v1/employees', '/v1/employees/{id}', '/v1/employees/{id}/tokens', '/v1/tokens/{id}', '/v1/settings',
      '/v1/settings/mailbox/test', '/v1/mail/poll', '/v1/order-messages/{id}', '/v1/health', '/v1/openapi.json',
    ]) expect(paths).toContain(p);
  });

  it('refuses a body that is not JSON with 415 and a body over 64 KB with 413', async () => {
    const notJson = await desk.api.request('POST', '/v1/public/messages', { token: null, raw: 'a=b', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(notJson.status).toBe(415);
    const big = await desk.api.request('POST', '/v1/public/messages', { token: null, raw: JSON.stringify({ message: 'x'.repeat(70_000) }), headers: { 'content-type': 'application/json' } });
    expect(big.status).toBe(413);
    const broken = await desk.api.request('POST', '/v1/public/messages', { token: null, raw: '{"a":', headers: { 'content-type': 'application/json' } });
    expect(broken.status).toBe(400);
    expect(broken.body.errors[0].field).toBe('body');
  });

  it('answers CORS preflights of public routes', async () => {
    const res = await desk.api.request('OPTIONS', '/v1/public/messages', { token: null, headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' } });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBeTruthy();
  });
});
