// Health and the caller's identity.
import { ok, route } from '../route';

export const getHealth = route({
  method: 'GET',
  path: '/v1/health',
  role: 'public',
  tags: ['System'],
  summary: 'Liveness',
  responses: { 200: { description: 'Up', schema: 'Health' } },
  handler: async (_req, deps) => ok({ status: 'ok', time: deps.now().toISOString() }),
});

export const getMe = route({
  method: 'GET',
  path: '/v1/me',
  role: 'agent',
  tags: ['System'],
  summary: 'Who the token belongs to',
  responses: { 200: { description: 'The employee', schema: 'Me' } },
  handler: async ({ caller }) =>
    ok({
      id: caller!.employeeId,
      name: caller!.name,
      email: caller!.email,
      role: caller!.role,
      lang: caller!.lang,
      tokenId: caller!.tokenId,
      credential: caller!.sessionHash ? 'session' : 'token',
    }),
});
