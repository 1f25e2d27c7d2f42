// The handlers as deployed behind CloudFront: the API's own endpoint refuses requests without CloudFront's secret
// header, and the per-IP limit counts the viewer's address that CloudFront passes (SPEC N6, C6).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORIGIN_SECRET_HEADER, VIEWER_IP_HEADER } from '../../functions/http/edge';
import { startTestDesk, uniqueEmail, type TestDesk } from '../support/harness';

const SECRET = 'Ab3xQ9sL2mV8tR5wY1zK7pN4jH6fD0gC2vB8nM5qW3eR7tY1';
let desk: TestDesk;
beforeAll(async () => {
  desk = await startTestDesk({ env: { ORIGIN_SECRET: SECRET, SUBMITS_PER_IP: '2' } });
});
afterAll(async () => {
  await desk.close();
});

// Plain fetch: a refusal at the origin is not part of the API's contract, which describes it as reached through CloudFront.
const call = (path: string, headers: Record<string, string>, body?: unknown) =>
  fetch(desk.url + path, { method: body ? 'POST' : 'GET', headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...headers }, body: body ? JSON.stringify(body) : undefined });

describe('the API behind CloudFront', () => {
  it('refuses a request without the secret header, or with a wrong one, as problem+json 403', async () => {
    const wrong: Record<string, string>[] = [{}, { [ORIGIN_SECRET_HEADER]: 'guess' }, { [ORIGIN_SECRET_HEADER]: SECRET.slice(0, -1) + 'x' }];
    for (const headers of wrong) {
      const res = await call('/v1/health', headers);
      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(await res.json()).toMatchObject({ type: 'https://shopdesk.dev/problems/forbidden', status: 403 });
    }
    const agent = await call('/v1/me', { authorization: `Bearer ${desk.adminToken}` });
    expect(agent.status).toBe(403);
  });

  it('answers requests that carry it', async () => {
    expect((await call('/v1/health', { [ORIGIN_SECRET_HEADER]: SECRET })).status).toBe(200);
    expect((await call('/v1/me', { [ORIGIN_SECRET_HEADER]: SECRET, authorization: `Bearer ${desk.adminToken}` })).status).toBe(200);
  });

  it('counts the contact-form limit per viewer address, as CloudFront gives it (C6)', async () => {
    const submit = (ip: string) =>
      call('/v1/public/messages', { [ORIGIN_SECRET_HEADER]: SECRET, [VIEWER_IP_HEADER]: ip }, { contactId: 'customer-service', email: uniqueEmail(), name: 'Jane Doe', message: 'Where is my parcel?', lang: 'en' });
    expect((await submit('198.51.100.7')).status).toBe(201);
    expect((await submit('198.51.100.7')).status).toBe(201);
    expect((await submit('198.51.100.7')).status).toBe(429);
    expect((await submit('203.0.113.9')).status).toBe(201);
  });
});
