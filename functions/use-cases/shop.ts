// Customers and orders pushed by the shop (A10): idempotent upserts, one transaction each.
import type { Deps } from '../deps';
import { getItem, put, transact, type TxItem } from '../store/db';
import { customerItem, getCustomer, type Customer, type Order } from '../store/customers';
import { key } from '../store/keys';

export async function upsertCustomer(deps: Deps, email: string, input: { firstName?: string; lastName?: string; registeredAt?: string }) {
  const existing = await getCustomer(deps.db, email);
  const customer: Customer = { ...existing, email, ...input, updatedAt: deps.now().toISOString() };
  await transact(deps.db, [put(customerItem(customer))]);
  return { created: !existing, customer: customerView(customer) };
}

export function customerView(c: Customer) {
  return { id: c.email, email: c.email, firstName: c.firstName ?? null, lastName: c.lastName ?? null, registeredAt: c.registeredAt ?? null, updatedAt: c.updatedAt };
}

export async function upsertOrder(deps: Deps, reference: string, input: Omit<Order, 'reference' | 'updatedAt'>) {
  const previous = await getItem<{ customerEmail: string }>(deps.db, key.order(reference));
  const order: Order = { reference, ...input, updatedAt: deps.now().toISOString() };
  const items: TxItem[] = [
    put({ ...key.order(reference), entity: 'order-pointer', customerEmail: order.customerEmail }),
    put({ ...key.customerOrder(order.customerEmail, reference), entity: 'order', ...order }),
    // An order for an unknown customer creates the customer record from its e-mail; a known one is left as it is.
    {
      Update: {
        TableName: '',
        Key: key.customer(order.customerEmail),
        UpdateExpression: 'SET email = if_not_exists(email, :e), entity = :entity, updatedAt = if_not_exists(updatedAt, :now)',
        ExpressionAttributeValues: { ':e': order.customerEmail, ':entity': 'customer', ':now': order.updatedAt },
      },
    },
  ];
  if (previous && previous.customerEmail !== order.customerEmail) items.push({ Delete: { TableName: '', Key: key.customerOrder(previous.customerEmail, reference) } });
  await transact(deps.db, items);
  return { created: !previous, order: orderView(order) };
}

export function orderView(o: Order) {
  // Orders pushed before `valid` existed were all counted: they stay valid until pushed again.
  return { id: o.reference, reference: o.reference, customerEmail: o.customerEmail, totalPaid: Number(o.totalPaid), currency: o.currency, placedAt: o.placedAt, state: o.state, valid: o.valid ?? true, updatedAt: o.updatedAt };
}

