// Bearer tokens: random, prefixed, stored only as a SHA-256 hash and checked with one GetItem.
import { createHash, randomBytes } from 'node:crypto';
import { Forbidden, Unauthorized } from '../desk/errors';
import type { Deps } from '../deps';
import { findToken, touchToken } from '../store/employees';
import type { Role } from './route';

export const TOKEN_PREFIX = 'sdk_';
const TOKEN_SHAPE = /^sdk_[A-Za-z0-9_-]{43}$/;

export interface Caller {
  employeeId: string;
  name: string;
  email: string;
  role: 'admin' | 'agent';
  tokenId: string;
}

export function newToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function authenticate(deps: Deps, authorization: string | undefined, needed: Role): Promise<Caller> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match) throw new Unauthorized('This route needs "Authorization: Bearer <token>".');
  const token = match[1]!;
  if (!TOKEN_SHAPE.test(token)) throw new Unauthorized('The token is not valid.');
  const found = await findToken(deps.db, hashToken(token));
  if (!found || !found.active) throw new Unauthorized('The token is not valid, revoked, or its employee is inactive.');
  if (needed === 'admin' && found.role !== 'admin') throw new Forbidden('This route is for admins.');
  await touchToken(deps.db, found, deps.now());
  return { employeeId: found.employeeId, name: found.name, email: found.email, role: found.role, tokenId: found.id };
}
