// Employees and their API tokens. Auth reads the token and then the employee (functions/http/auth.ts): the
// employee record alone decides role and state, so no copy on a token can be missed or stale.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Employee } from '../desk/model';
import { ConditionFailed, getItem, getItems, put, queryPartition, transact, withoutKeys, type Db, type Item, type TxItem } from './db';
import { key } from './keys';

export interface TokenAuth {
  id: string;
  hash: string;
  employeeId: string;
  name: string;
  email: string;
  role: 'admin' | 'agent';
  active: boolean;
  lastUsedAt?: string;
  /** Console sessions (A12) share the token's item; API tokens have no kind. */
  kind?: 'session';
  createdAt?: string;
}

export interface TokenRecord {
  id: string;
  employeeId: string;
  hash: string;
  label: string;
  createdAt: string;
}

export function employeeItem(e: Employee): Item {
  return { ...key.employee(e.id), entity: 'employee', ...e };
}

export async function listEmployees(db: Db): Promise<Employee[]> {
  const items = await queryPartition(db, key.employees().pk, 'EMPLOYEE#');
  return items.map((i) => withoutKeys<Employee>(i)).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

export async function getEmployee(db: Db, id: string): Promise<Employee | undefined> {
  const item = await getItem(db, key.employee(id));
  return item ? withoutKeys<Employee>(item) : undefined;
}

/** Read strongly consistent: a token or session revoked or ended a moment ago no longer opens anything. */
export async function findToken(db: Db, hash: string): Promise<TokenAuth | undefined> {
  const item = await getItem(db, key.token(hash));
  return item ? withoutKeys<TokenAuth>(item) : undefined;
}

/**
 * Whose each credential is, once seen in this container (keyed by table and hash). A token or session belongs to one
 * employee for its whole life, so this copy can never be stale; it only lets the next request read the credential and
 * its employee in one call.
 */
const employeeOfCredential = new Map<string, string>();
const REMEMBERED_CREDENTIALS = 10_000;

/**
 * The credential and its employee, both read strongly consistent on every call, so a revocation, a deactivation or a
 * role change holds on the very next request: one BatchGetItem when the credential was seen before, else a Get of
 * each.
 */
export async function findCredential(db: Db, hash: string): Promise<{ token?: TokenAuth; employee?: Employee }> {
  const remembered = employeeOfCredential.get(`${db.table}#${hash}`);
  if (!remembered) {
    const token = await findToken(db, hash);
    if (!token) return {};
    if (employeeOfCredential.size >= REMEMBERED_CREDENTIALS) employeeOfCredential.delete(employeeOfCredential.keys().next().value!);
    employeeOfCredential.set(`${db.table}#${hash}`, token.employeeId);
    return { token, employee: await getEmployee(db, token.employeeId) };
  }
  const items = await getItems(db, [key.token(hash), key.employee(remembered)]);
  const token = items.find((i) => i.pk === key.token(hash).pk);
  const employee = items.find((i) => i.pk === key.employees().pk);
  return { token: token ? withoutKeys<TokenAuth>(token) : undefined, employee: token && employee ? withoutKeys<Employee>(employee) : undefined };
}

export async function listTokenRecords(db: Db, employeeId: string): Promise<TokenRecord[]> {
  const k = key.tokenRecords(employeeId);
  return (await queryPartition(db, k.pk, k.skPrefix)).map((i) => withoutKeys<TokenRecord>(i));
}

/** The most API tokens one employee may hold (A11). */
export const MAX_TOKENS = 90;

/**
 * The token's two items and the count that bounds them: the count is raised only while it is below the limit, in
 * the same transaction, so however many issues run at once, at most MAX_TOKENS succeed. `counted` is the number
 * of tokens when the count item does not exist yet (tokens issued before it was kept); the caller checks it.
 */
function tokenItems(record: TokenRecord, employee: Employee, counted: number): TxItem[] {
  const auth: TokenAuth = { id: record.id, hash: record.hash, employeeId: employee.id, name: employee.name, email: employee.email, role: employee.role, active: employee.active };
  return [
    { Put: { TableName: '', Item: { ...key.tokenRecord(employee.id, record.id), entity: 'token-record', ...record }, ConditionExpression: 'attribute_not_exists(pk)' } },
    { Put: { TableName: '', Item: { ...key.token(record.hash), entity: 'token', ...auth }, ConditionExpression: 'attribute_not_exists(pk)' } },
    {
      Update: {
        TableName: '',
        Key: key.tokenCount(employee.id),
        UpdateExpression: 'SET #n = if_not_exists(#n, :counted) + :one, entity = :entity',
        ConditionExpression: 'attribute_not_exists(#n) OR #n < :max',
        ExpressionAttributeNames: { '#n': 'tokens' },
        ExpressionAttributeValues: { ':counted': counted, ':one': 1, ':max': MAX_TOKENS, ':entity': 'token-count' },
      },
    },
  ];
}

export async function putToken(db: Db, record: TokenRecord, employee: Employee, counted: number): Promise<void> {
  await transact(db, tokenItems(record, employee, counted));
}

/** The number of tokens the count item holds, or undefined when it was never written. */
export async function getTokenCount(db: Db, employeeId: string): Promise<number | undefined> {
  const item = await getItem<{ tokens?: number }>(db, key.tokenCount(employeeId));
  return item?.tokens;
}

/** Lowers the count with a revocation, when it is kept. */
function tokenUncountItem(employeeId: string): TxItem {
  return {
    Update: {
      TableName: '',
      Key: key.tokenCount(employeeId),
      UpdateExpression: 'SET #n = #n - :one',
      ConditionExpression: '#n > :zero',
      ExpressionAttributeNames: { '#n': 'tokens' },
      ExpressionAttributeValues: { ':one': 1, ':zero': 0 },
    },
  };
}

/**
 * Records the last use at most once a minute, so a busy token does not write on every request. For a
 * session the last use starts its idle time again, and moves its TTL along (`idleSeconds`).
 */
export async function touchToken(db: Db, token: TokenAuth, now: Date, idleSeconds?: number): Promise<void> {
  const at = now.toISOString();
  const aMinuteAgo = new Date(now.getTime() - 60_000).toISOString();
  if (token.lastUsedAt && token.lastUsedAt > aMinuteAgo) return;
  const ttl = idleSeconds === undefined ? {} : { ':ttl': Math.ceil(now.getTime() / 1000) + idleSeconds };
  try {
    await db.doc.send(
      new UpdateCommand({
        TableName: db.table,
        Key: key.token(token.hash),
        UpdateExpression: idleSeconds === undefined ? 'SET lastUsedAt = :now' : 'SET lastUsedAt = :now, expiresAtEpoch = :ttl',
        ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(lastUsedAt) OR lastUsedAt < :old)',
        ExpressionAttributeValues: { ':now': at, ':old': aMinuteAgo, ...ttl },
      }),
    );
  } catch (error) {
    if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
  }
}

/** When the token was last used (to the minute), read from its authorization item without a strong read. */
export async function tokenLastUsed(db: Db, hash: string): Promise<string | null> {
  return (await getItem<{ lastUsedAt?: string }>(db, key.token(hash), false))?.lastUsedAt ?? null;
}

export async function findTokenRecord(db: Db, employeeId: string, tokenId: string): Promise<TokenRecord | undefined> {
  const item = await getItem(db, key.tokenRecord(employeeId, tokenId));
  return item ? withoutKeys<TokenRecord>(item) : undefined;
}

/** Revokes a token: its record, its authorization and one off the count (when kept). False when it was already gone. */
export async function deleteToken(db: Db, record: TokenRecord): Promise<boolean> {
  const counted = (await getTokenCount(db, record.employeeId)) !== undefined;
  try {
    await transact(db, [
      { Delete: { TableName: '', Key: key.tokenRecord(record.employeeId, record.id), ConditionExpression: 'attribute_exists(pk)' } },
      { Delete: { TableName: '', Key: key.token(record.hash) } },
      ...(counted ? [tokenUncountItem(record.employeeId)] : []),
    ]);
    return true;
  } catch (error) {
    if (error instanceof ConditionFailed) return false;
    throw error;
  }
}

/**
 * A new employee, or a change conditioned on the version read. `adminWhoStays`: when the change takes away an
 * active admin, another admin who must still be one when it is written (two admins demoting each other at once).
 */
export async function putEmployee(db: Db, employee: Employee, readVersion?: number, adminWhoStays?: string): Promise<void> {
  const stays: TxItem[] = adminWhoStays
    ? [
        {
          ConditionCheck: {
            TableName: '',
            Key: key.employee(adminWhoStays),
            ConditionExpression: '#r = :admin AND active = :yes',
            ExpressionAttributeNames: { '#r': 'role' },
            ExpressionAttributeValues: { ':admin': 'admin', ':yes': true },
          },
        },
      ]
    : [];
  const write = readVersion === undefined ? put(employeeItem(employee), 'attribute_not_exists(pk)') : put(employeeItem(employee), 'version = :v', { ':v': readVersion });
  await transact(db, [write, ...stays]);
}
