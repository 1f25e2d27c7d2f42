// A new desk: the two default contacts (C1) and the first admin with a token, shown once.
import type { Deps } from '../deps';
import type { Contact, Employee } from '../desk/model';
import { DEFAULT_CONTACTS } from '../desk/vocabulary';
import { contactItem, listContacts } from '../store/contacts';
import { put, putNew, transact } from '../store/db';
import { employeeItem, listEmployees } from '../store/employees';
import { issueToken } from './employees';

/** Seeds an empty desk; returns the first admin's token, or null when the desk already had employees. */
export async function seedDesk(deps: Deps, admin: { name: string; email: string }): Promise<string | null> {
  if ((await listEmployees(deps.db)).length > 0) return null;
  const token = await createAdmin(deps, admin);
  if ((await listContacts(deps.db)).length > 0) return token;
  const contacts: Contact[] = DEFAULT_CONTACTS.map((c) => ({
    id: c.key,
    name: c.name,
    description: c.description,
    email: c.key === 'webmaster' ? `webmaster@${domainOf(admin.email)}` : `service@${domainOf(admin.email)}`,
    saveMessages: true,
    position: c.position,
    version: 0,
  }));
  await transact(deps.db, contacts.map((c) => put(contactItem(c), 'attribute_not_exists(pk)'))).catch((error: Error) => {
    if (error.name !== 'ConditionFailed') throw error;
  });
  return token;
}

/** An admin and its first token (also the way back in when every admin token was lost). */
export async function createAdmin(deps: Deps, admin: { name: string; email: string }): Promise<string> {
  const employee: Employee = { id: deps.ids.newId(), name: admin.name, email: admin.email, role: 'admin', active: true, createdAt: deps.now().toISOString(), version: 0 };
  await transact(deps.db, [putNew(employeeItem(employee))]);
  return (await issueToken(deps, employee.id, 'admin token')).token;
}

function domainOf(email: string): string {
  return email.split('@')[1] ?? 'shop.local';
}
