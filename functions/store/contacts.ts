// Contacts (C1) live in one partition: the form's list and the dashboard's boxes are one query each.
import type { Contact } from '../desk/model';
import { getItem, queryPartition, withoutKeys, type Db, type Item } from './db';
import { key } from './keys';

export function contactItem(contact: Contact): Item {
  return { ...key.contact(contact.id), entity: 'contact', ...contact };
}

export async function listContacts(db: Db): Promise<Contact[]> {
  const items = await queryPartition(db, key.contacts().pk, 'CONTACT#');
  return items.map((i) => withoutKeys<Contact>(i)).sort((a, b) => a.position - b.position || a.id.localeCompare(b.id));
}

export async function getContact(db: Db, id: string): Promise<Contact | undefined> {
  const item = await getItem(db, key.contact(id));
  return item ? withoutKeys<Contact>(item) : undefined;
}
