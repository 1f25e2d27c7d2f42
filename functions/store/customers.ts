// Customers and orders pushed by the shop (A10): one partition per customer holds the profile and the orders.
import type { Db, Item } from './db';
import { getItem, queryPartition, withoutKeys } from './db';
import { key } from './keys';

export interface Customer {
  email: string;
  firstName?: string;
  lastName?: string;
  registeredAt?: string;
  updatedAt: string;
}

export interface Order {
  reference: string;
  customerEmail: string;
  totalPaid: number;
  currency: string;
  placedAt: string;
  state: string;
  /** Paid and not cancelled or refunded, as PrestaShop's `valid`: only these count in "total spent" (A10). */
  valid: boolean;
  updatedAt: string;
}

export function customerItem(c: Customer): Item {
  return { ...key.customer(c.email), entity: 'customer', ...c };
}

export async function getCustomerWithOrders(db: Db, email: string): Promise<{ customer?: Customer; orders: Order[] }> {
  const items = await queryPartition(db, key.customerCollection(email).pk);
  const profile = items.find((i) => i.sk === 'PROFILE');
  return {
    customer: profile ? withoutKeys<Customer>(profile) : undefined,
    orders: items.filter((i) => i.entity === 'order').map((i) => withoutKeys<Order>(i)).sort((a, b) => a.placedAt.localeCompare(b.placedAt)),
  };
}

export async function getCustomer(db: Db, email: string): Promise<Customer | undefined> {
  const item = await getItem(db, key.customer(email));
  return item ? withoutKeys<Customer>(item) : undefined;
}

export async function getCustomerOrder(db: Db, email: string, reference: string): Promise<Order | undefined> {
  const item = await getItem(db, key.customerOrder(email, reference));
  return item ? withoutKeys<Order>(item) : undefined;
}

export async function getOrder(db: Db, reference: string): Promise<{ customerEmail: string } | undefined> {
  return getItem<{ customerEmail: string }>(db, key.order(reference));
}
