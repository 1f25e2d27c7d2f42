// Customers and orders pushed by the shop (A10): one partition per customer holds the profile and the orders, and
// the messages it sent to contacts that save none (T7).
import type { AttachmentRef } from '../desk/model';
import type { Db, Item, TxItem } from './db';
import { getItem, put, putNew, queryPartition, transact, withoutKeys } from './db';
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

export async function putCustomer(db: Db, customer: Customer): Promise<void> {
  await transact(db, [put(customerItem(customer))]);
}

/** The e-mail of the customer an order reference belongs to, from its pointer. */
export async function orderOwner(db: Db, reference: string): Promise<string | undefined> {
  return (await getItem<{ customerEmail: string }>(db, key.order(reference)))?.customerEmail;
}

/**
 * Writes an order under its customer and its pointer in one transaction; an order for an unknown customer creates
 * the customer record from its e-mail (a known one is left as it is); an order that changed customer leaves the old one.
 */
export async function putOrder(db: Db, order: Order, previousOwner?: string): Promise<void> {
  const items: TxItem[] = [
    put({ ...key.order(order.reference), entity: 'order-pointer', customerEmail: order.customerEmail }),
    put({ ...key.customerOrder(order.customerEmail, order.reference), entity: 'order', ...order }),
    {
      Update: {
        TableName: '',
        Key: key.customer(order.customerEmail),
        UpdateExpression: 'SET email = if_not_exists(email, :e), entity = :entity, updatedAt = if_not_exists(updatedAt, :now)',
        ExpressionAttributeValues: { ':e': order.customerEmail, ':entity': 'customer', ':now': order.updatedAt },
      },
    },
  ];
  if (previousOwner && previousOwner !== order.customerEmail) items.push({ Delete: { TableName: '', Key: key.customerOrder(previousOwner, order.reference) } });
  await transact(db, items);
}

/** A message to a contact that saves none: what it said, the mails that carried it and its files. */
export interface UnsavedMessage {
  id: string;
  at: string;
  contactId: string;
  text: string;
  outboxIds: string[];
  attachments: AttachmentRef[];
}

/** Written with the message's mails, so that the customer's export and erasure find them (T7). */
export function unsavedMessageItem(email: string, message: UnsavedMessage): TxItem {
  return putNew({ ...key.unsavedMessage(email, message.id), entity: 'unsaved-message', ...message });
}

export async function unsavedMessages(db: Db, email: string): Promise<UnsavedMessage[]> {
  const items = await queryPartition(db, key.customerCollection(email).pk, 'UNSAVED#');
  return items.map((i) => withoutKeys<UnsavedMessage>(i));
}
