// Console sign-in (A12): one-time sign-in codes and sessions, both kept only as SHA-256 hashes.
// A session lives where API tokens live (TOKEN#<hash>), so that every request authenticates it the same way.
import type { Employee } from '../desk/model';
import { getItem, putNew, withoutKeys, type Db, type TxItem } from './db';
import type { TokenAuth } from './employees';
import { key } from './keys';

export interface SignInCode {
  hash: string;
  employeeId: string;
  createdAt: string;
  expiresAt: string;
}

export function signInCodeItem(code: SignInCode): TxItem {
  const expiresAtEpoch = Math.ceil(Date.parse(code.expiresAt) / 1000);
  return putNew({ ...key.signInCode(code.hash), entity: 'sign-in-code', ...code, expiresAtEpoch });
}

export async function findSignInCode(db: Db, hash: string): Promise<SignInCode | undefined> {
  const item = await getItem(db, key.signInCode(hash));
  return item ? withoutKeys<SignInCode>(item) : undefined;
}

/** Deleting the code on the condition that it is still there and unexpired makes it single use under races. */
export function consumeSignInCodeItem(hash: string, now: Date): TxItem {
  return {
    Delete: {
      TableName: '',
      Key: key.signInCode(hash),
      ConditionExpression: 'attribute_exists(pk) AND expiresAt > :now',
      ExpressionAttributeValues: { ':now': now.toISOString() },
    },
  };
}

/** The session's auth item: like a token's, with its kind and the start of its idle time; TTL removes it when idle. */
export function sessionItem(hash: string, id: string, employee: Employee, now: Date, idleSeconds: number): TxItem {
  const auth: TokenAuth = {
    id,
    hash,
    employeeId: employee.id,
    name: employee.name,
    email: employee.email,
    role: employee.role,
    active: employee.active,
    kind: 'session',
    createdAt: now.toISOString(),
    lastUsedAt: now.toISOString(),
  };
  return putNew({ ...key.token(hash), entity: 'session', ...auth, expiresAtEpoch: Math.ceil(now.getTime() / 1000) + idleSeconds });
}

export function endSessionItem(hash: string): TxItem {
  return { Delete: { TableName: '', Key: key.token(hash), ConditionExpression: 'attribute_exists(pk) AND kind = :session', ExpressionAttributeValues: { ':session': 'session' } } };
}
