// Bearer credentials: API tokens (sdk_…) and console sessions (sds_…, A12), random, stored only as a SHA-256
// hash. Every request reads the credential and the employee record, both strongly consistent (one call once the
// container has seen the credential), so a deactivation or a role change holds on the very next request for every
// token and session they hold.
import { Forbidden, Unauthorized } from '../desk/errors';
import { hashToken, SESSION_IDLE_SECONDS, type Caller } from '../credentials';
import type { Deps } from '../deps';
import { findCredential, touchToken } from '../store/employees';
import type { Role } from './route';

const CREDENTIAL_SHAPE = /^sd[ks]_[A-Za-z0-9_-]{43}$/;

export async function authenticate(deps: Deps, authorization: string | undefined, needed: Role): Promise<Caller> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match) throw new Unauthorized('This route needs "Authorization: Bearer <token>".');
  const token = match[1]!;
  if (!CREDENTIAL_SHAPE.test(token)) throw new Unauthorized('The token is not valid.');
  const { token: found, employee } = await findCredential(deps.db, hashToken(token));
  if (!found) throw new Unauthorized('The token is not valid, revoked, or its session ended.');
  const now = deps.now();
  const session = found.kind === 'session';
  if (session && idleSince(found) + SESSION_IDLE_SECONDS * 1000 <= now.getTime()) {
    throw new Unauthorized('Your session expired after 12 hours without use; sign in again.', { reason: 'session-expired' });
  }
  if (!employee?.active) throw new Unauthorized('The token is not valid, revoked, or its employee is inactive.');
  if (needed === 'admin' && employee.role !== 'admin') throw new Forbidden('This route is for admins.');
  await touchToken(deps.db, found, now, session ? SESSION_IDLE_SECONDS : undefined);
  return {
    employeeId: employee.id,
    name: employee.name,
    email: employee.email,
    role: employee.role,
    lang: employee.lang ?? 'en',
    tokenId: found.id,
    sessionHash: session ? found.hash : null,
  };
}

function idleSince(found: { lastUsedAt?: string; createdAt?: string }): number {
  return Date.parse(found.lastUsedAt ?? found.createdAt ?? '1970-01-01T00:00:00Z');
}
