// Employees and their API tokens (A11): random tokens shown once, stored hashed, revocable; the last admin stays.
import { Conflict, Invalid, NotFound } from '../desk/errors';
import type { Employee, Lang } from '../desk/model';
import type { Deps } from '../deps';
import { hashToken, newToken } from '../http/auth';
import { getItem, put, transact, withRetries, withoutKeys, type TxItem } from '../store/db';
import { employeeItem, getEmployee, getTokenCount, listEmployees, listTokenRecords, MAX_TOKENS, tokenItems, tokenUncountItem, type TokenRecord } from '../store/employees';
import { key } from '../store/keys';
import { stripUndefined } from './contacts';

export function employeeView(e: Employee) {
  return { id: e.id, name: e.name, email: e.email, role: e.role, active: e.active, lang: e.lang ?? 'en', createdAt: e.createdAt };
}

export async function createEmployee(deps: Deps, input: { name: string; email: string; role: 'admin' | 'agent'; active: boolean; lang?: Lang }) {
  const all = await listEmployees(deps.db);
  if (all.some((e) => e.email === input.email)) throw new Conflict('An employee with this e-mail already exists.');
  const employee: Employee = { id: deps.ids.newId(), ...input, createdAt: deps.now().toISOString(), version: 0 };
  await transact(deps.db, [put(employeeItem(employee), 'attribute_not_exists(pk)')]);
  return employeeView(employee);
}

export async function updateEmployee(deps: Deps, id: string, patch: Partial<Pick<Employee, 'name' | 'email' | 'role' | 'active' | 'lang'>>) {
  return withRetries(async () => {
    const all = await listEmployees(deps.db);
    const current = all.find((e) => e.id === id);
    if (!current) throw new NotFound('No employee with this id.');
    const next: Employee = { ...current, ...stripUndefined(patch), version: current.version + 1 };
    if (patch.email && all.some((e) => e.id !== id && e.email === patch.email)) throw new Conflict('An employee with this e-mail already exists.');
    const adminsAfter = all.map((e) => (e.id === id ? next : e)).filter((e) => e.role === 'admin' && e.active);
    if (adminsAfter.length === 0) throw new Conflict('This is the last active admin: make another employee admin first.');
    // Two admins demoting each other at once each see the other as the admin who stays: the transaction checks
    // that one of the admins who stay still is one, so the second of them fails and reads again (A11).
    const staying: TxItem[] = [];
    if (current.role === 'admin' && current.active && !(next.role === 'admin' && next.active)) {
      const other = adminsAfter[0]!;
      staying.push({
        ConditionCheck: {
          TableName: '',
          Key: key.employee(other.id),
          ConditionExpression: '#r = :admin AND active = :yes',
          ExpressionAttributeNames: { '#r': 'role' },
          ExpressionAttributeValues: { ':admin': 'admin', ':yes': true },
        },
      });
    }
    // Tokens and sessions carry no role or state that counts: every request reads this employee record.
    await transact(deps.db, [put(employeeItem(next), 'version = :v', { ':v': current.version }), ...staying]);
    return employeeView(next);
  });
}

export async function issueToken(deps: Deps, employeeId: string, label: string) {
  return withRetries(async () => {
    const employee = await getEmployee(deps.db, employeeId);
    if (!employee) throw new NotFound('No employee with this id.');
    const counted = (await getTokenCount(deps.db, employeeId)) ?? (await listTokenRecords(deps.db, employeeId)).length;
    if (counted >= MAX_TOKENS) throw new Conflict(`This employee has ${MAX_TOKENS} tokens, the most one may hold; revoke some first.`);
    const token = newToken();
    const record: TokenRecord = { id: `${employeeId}.${deps.ids.newId()}`, employeeId, hash: hashToken(token), label, createdAt: deps.now().toISOString() };
    await transact(deps.db, tokenItems(record, employee, counted));
    return { id: record.id, label: record.label, token, createdAt: record.createdAt };
  }, { key: `tokens:${employeeId}` });
}

export async function listTokens(deps: Deps, employeeId: string) {
  if (!(await getEmployee(deps.db, employeeId))) throw new NotFound('No employee with this id.');
  const records = await listTokenRecords(deps.db, employeeId);
  return Promise.all(
    records.map(async (r) => {
      const auth = await getItem<{ lastUsedAt?: string }>(deps.db, key.token(r.hash), false);
      return { id: r.id, label: r.label, createdAt: r.createdAt, lastUsedAt: auth?.lastUsedAt ?? null };
    }),
  );
}

export async function revokeToken(deps: Deps, tokenId: string) {
  const employeeId = tokenId.split('.')[0]!;
  const item = await getItem(deps.db, key.tokenRecord(employeeId, tokenId));
  if (!item) throw new NotFound('No token with this id.');
  const record = withoutKeys<TokenRecord>(item);
  const counted = (await getTokenCount(deps.db, employeeId)) !== undefined;
  await transact(deps.db, [
    { Delete: { TableName: '', Key: key.tokenRecord(employeeId, tokenId), ConditionExpression: 'attribute_exists(pk)' } },
    { Delete: { TableName: '', Key: key.token(record.hash) } },
    ...(counted ? [tokenUncountItem(employeeId)] : []),
  ]).catch((error: unknown) => {
    if ((error as Error).name === 'ConditionFailed') throw new NotFound('No token with this id.');
    throw error;
  });
}

export function assertNotSelfLockout(callerId: string, targetId: string, patch: { active?: boolean }): void {
  if (callerId === targetId && patch.active === false) throw new Invalid('You cannot deactivate yourself.', [{ field: 'active', message: 'Ask another admin.' }], 'self-lockout');
}
