// Employees and their API tokens (A11): random tokens shown once, stored hashed, revocable; the last admin stays.
import { Conflict, Invalid, NotFound } from '../desk/errors';
import type { Employee, Lang } from '../desk/model';
import type { Deps } from '../deps';
import { hashToken, newToken } from '../credentials';
import { withRetries } from '../store/db';
import {
  deleteToken,
  findTokenRecord,
  getEmployee,
  getTokenCount,
  listEmployees,
  listTokenRecords,
  MAX_TOKENS,
  putEmployee,
  putToken,
  tokenLastUsed,
  type TokenRecord,
} from '../store/employees';
import { stripUndefined } from './contacts';

export function employeeView(e: Employee) {
  return { id: e.id, name: e.name, email: e.email, role: e.role, active: e.active, lang: e.lang ?? 'en', createdAt: e.createdAt };
}

export async function createEmployee(deps: Deps, input: { name: string; email: string; role: 'admin' | 'agent'; active: boolean; lang?: Lang }) {
  const all = await listEmployees(deps.db);
  if (all.some((e) => e.email === input.email)) throw new Conflict('An employee with this e-mail already exists.');
  const employee: Employee = { id: deps.ids.newId(), ...input, createdAt: deps.now().toISOString(), version: 0 };
  await putEmployee(deps.db, employee);
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
    const losesAdmin = current.role === 'admin' && current.active && !(next.role === 'admin' && next.active);
    // Tokens and sessions carry no role or state that counts: every request reads this employee record.
    await putEmployee(deps.db, next, current.version, losesAdmin ? adminsAfter[0]!.id : undefined);
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
    await putToken(deps.db, record, employee, counted);
    return { id: record.id, label: record.label, token, createdAt: record.createdAt };
  }, { key: `tokens:${employeeId}` });
}

export async function listTokens(deps: Deps, employeeId: string) {
  if (!(await getEmployee(deps.db, employeeId))) throw new NotFound('No employee with this id.');
  const records = await listTokenRecords(deps.db, employeeId);
  return Promise.all(records.map(async (r) => ({ id: r.id, label: r.label, createdAt: r.createdAt, lastUsedAt: await tokenLastUsed(deps.db, r.hash) })));
}

export async function revokeToken(deps: Deps, tokenId: string) {
  const employeeId = tokenId.split('.')[0]!;
  const record = await findTokenRecord(deps.db, employeeId, tokenId);
  if (!record || !(await deleteToken(deps.db, record))) throw new NotFound('No token with this id.');
}

export function assertNotSelfLockout(callerId: string, targetId: string, patch: { active?: boolean }): void {
  if (callerId === targetId && patch.active === false) throw new Invalid('You cannot deactivate yourself.', [{ field: 'active', message: 'Ask another admin.' }], 'self-lockout');
}
