// Bearer credentials: API tokens (sdk_…) and console sessions (sds_…, A12), random, stored only as a SHA-256
// hash; and the caller they identify. Shared by the HTTP layer (which checks them) and the use-cases (which issue them).
import { createHash, randomBytes } from 'node:crypto';
import type { Lang } from './desk/model';

export const TOKEN_PREFIX = 'sdk_';
export const SESSION_PREFIX = 'sds_';
/** A console session ends after this long without a request. */
export const SESSION_IDLE_SECONDS = 12 * 3600;

export interface Caller {
  employeeId: string;
  name: string;
  email: string;
  role: 'admin' | 'agent';
  lang: Lang;
  tokenId: string;
  /** The SHA-256 of the session's secret when the caller signed in through the console; null for an API token. */
  sessionHash: string | null;
}

export function newToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

export function newSessionToken(): string {
  return SESSION_PREFIX + randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
