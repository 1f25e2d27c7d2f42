// Console sign-in (A12): ask for a one-time link, exchange its code for a session, sign out.
import { endSession, openSession, requestSignInLink, SIGN_IN_CODE_SECONDS } from '../../use-cases/sign-in';
import { created, noContent, route } from '../route';
import { SessionBody, SignInLinkBody } from '../schemas/auth-requests';

const problem = (description: string) => ({ description, schema: 'ProblemSchema' as const });
const tags = ['Sign-in'];

export const postSignInLink = route({
  method: 'POST', path: '/v1/auth/sign-in-link', role: 'public', tags,
  summary: 'Mail a one-time console link (valid 15 minutes) to the employee with this address; the answer is the same for any address',
  body: SignInLinkBody,
  responses: { 202: { description: 'Accepted', schema: 'SignInLinkAccepted' }, 429: problem('Too many requests for this address or from this IP (Retry-After)') },
  handler: async ({ body, sourceIp }, deps) => {
    await requestSignInLink(deps, body.email, sourceIp);
    return { status: 202, body: { accepted: true, expiresInSeconds: SIGN_IN_CODE_SECONDS } };
  },
});

export const postSession = route({
  method: 'POST', path: '/v1/auth/sessions', role: 'public', tags,
  summary: 'Exchange a sign-in link’s code for a session (single use); the session ends after 12 hours without use',
  body: SessionBody,
  responses: { 201: { description: 'Signed in', schema: 'SessionCreated' }, 401: problem('The link is wrong, used or expired (`reason`)') },
  handler: async ({ body, sourceIp }, deps) => created(await openSession(deps, body.code, sourceIp)),
});

export const deleteCurrentSession = route({
  method: 'DELETE', path: '/v1/auth/sessions/current', role: 'agent', tags,
  summary: 'Sign out: end the session this request was made with',
  responses: { 204: { description: 'Signed out' }, 400: problem('The request was made with an API token') },
  handler: async ({ caller }, deps) => {
    await endSession(deps, caller!);
    return noContent();
  },
});

export const authRoutes = [postSignInLink, postSession, deleteCurrentSession];
