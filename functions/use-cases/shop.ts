// Customers and orders pushed by the shop (A10): idempotent upserts, one transaction each.
import type { Deps } from '../deps';
import { getCustomer, orderOwner, putCustomer, putOrder, type Customer, type Order } from '../store/customers';

export async function upsertCustomer(deps: Deps, email: string, input: { firstName?: string; lastName?: string; registeredAt?: string }) {
  const existing = await getCustomer(deps.db, email);
  const customer: Customer = { ...existing, email, ...input, updatedAt: deps.now().toISOString() };
  await putCustomer(deps.db, customer);
  return { created: !existing, customer: customerView(customer) };
}

export function customerView(c: Customer) {
  return { id: c.email, email: c.email, firstName: c.firstName ?? null, lastName: c.lastName ?? null, registeredAt: c.registeredAt ?? null, updatedAt: c.updatedAt };
}

export async function upsertOrder(deps: Deps, reference: string, input: Omit<Order, 'reference' | 'updatedAt'>) {
  const previous = await orderOwner(deps.db, reference);
  const order: Order = { reference, ...input, updatedAt: deps.now().toISOString() };
  await putOrder(deps.db, order, previous);
  return { created: !previous, order: orderView(order) };
}

export function orderView(o: Order) {
  // Orders pushed before `valid` existed were all counted: they stay valid until pushed again.
  return { id: o.reference, reference: o.reference, customerEmail: o.customerEmail, totalPaid: Number(o.totalPaid), currency: o.currency, placedAt: o.placedAt, state: o.state, valid: o.valid ?? true, updatedAt: o.updatedAt };
}

