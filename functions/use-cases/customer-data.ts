// A customer's data (T7, GDPR articles 15 and 17): everything the desk holds about one address, exported or erased.
import { NotFound } from '../desk/errors';
import type { AttachmentRef } from '../desk/model';
import type { Deps } from '../deps';
import { deleteFile, downloadUrl } from '../files/uploads';
import { getCustomerWithOrders, unsavedMessages } from '../store/customers';
import { withoutKeys, withRetries } from '../store/db';
import { deleteCustomerRecords, deleteThreadRecords, deleteUnsavedMessage, erasureThreadIds, messagesOf, outboxMailsOf, saveErasure, takeOffCounters } from '../store/erasure';
import { dismissMailFailure, failuresFrom } from '../store/mail-failures';
import { getOutboxMail, type OutboxMail } from '../store/outbox';
import { customerThreadIds, threadFrom, threadPartition } from '../store/threads';
import { orderView } from './shop';
import { eventView, messageView, threadSummary } from './threads';

export async function exportCustomer(deps: Deps, email: string) {
  const [shop, ids] = await Promise.all([getCustomerWithOrders(deps.db, email), customerThreadIds(deps.db, email)]);
  const threads = [];
  for (const id of ids) {
    const items = await threadPartition(deps.db, id);
    const row = items.find((i) => i.sk === 'THREAD');
    if (!row || row.entity !== 'thread') continue;
    const thread = threadFrom(row);
    const outbox = await outboxMailsOf(deps.db, items);
    threads.push({
      ...threadSummary(thread),
      messages: await Promise.all(
        messagesOf(items).map(async (m) => ({
          ...(await messageView(m, thread)),
          internal: m.kind === 'note',
          attachments: await Promise.all(m.attachments.map(async (a) => ({ id: a.id, fileName: a.fileName, contentType: a.contentType, size: a.size, url: await downloadUrl(deps, a, 3600) }))),
        })),
      ),
      events: items.filter((i) => i.entity === 'event').map((i) => eventView(withoutKeys(i))),
      mailDeliveries: deliveries(outbox),
    });
  }
  return {
    email,
    exportedAt: deps.now().toISOString(),
    unsavedMessages: await exportUnsaved(deps, email),
    mailFailures: (await failuresFrom(deps.db, email)).map(({ id, at, reason, size, subject }) => ({ id, at, reason, size, subject })),
    customer: shop.customer ? { firstName: shop.customer.firstName ?? null, lastName: shop.customer.lastName ?? null, registeredAt: shop.customer.registeredAt ?? null, updatedAt: shop.customer.updatedAt } : null,
    orders: shop.orders.map(orderView),
    threads,
  };
}

function deliveries(outbox: OutboxMail[]) {
  return outbox
    .map((o) => ({ id: o.id, kind: o.kind, to: o.to.map((t) => t.address), cc: o.cc?.map((t) => t.address) ?? [], subject: o.subject, state: o.state, createdAt: o.createdAt, sesMessageId: o.sesMessageId ?? null, lastError: o.lastError ?? null }))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** Messages to contacts that save none: kept only in the mails that carried them. */
async function exportUnsaved(deps: Deps, email: string) {
  return Promise.all(
    (await unsavedMessages(deps.db, email)).map(async (m) => ({
      id: m.id,
      at: m.at,
      contactId: m.contactId,
      text: m.text,
      attachments: await Promise.all(m.attachments.map(async (a) => ({ id: a.id, fileName: a.fileName, contentType: a.contentType, size: a.size, url: await downloadUrl(deps, a, 3600) }))),
      mailDeliveries: deliveries((await Promise.all(m.outboxIds.map((o) => getOutboxMail(deps.db, o)))).filter((o): o is OutboxMail => Boolean(o))),
    })),
  );
}

export interface ErasureReport {
  email: string;
  threads: number;
  messages: number;
  attachments: number;
  rawMails: number;
  orders: number;
  customer: boolean;
}

/**
 * Erases everything held about the customer (T7). Each thread first leaves every index and every counter in one
 * transaction (a tombstone conditioned on the version read), then its files and items go; the erasure item lists the
 * threads, so that a call that stopped half-way is finished by the next one, and a repeated call changes nothing.
 */
export async function eraseCustomer(deps: Deps, email: string): Promise<ErasureReport> {
  const ids = [...new Set([...(await erasureThreadIds(deps.db, email)), ...(await customerThreadIds(deps.db, email))])];
  if (ids.length > 0) await saveErasure(deps.db, email, ids, deps.now().toISOString());
  const report: ErasureReport = { email, threads: 0, messages: 0, attachments: 0, rawMails: 0, orders: 0, customer: false };
  for (const id of ids) {
    const done = await eraseThread(deps, id);
    if (!done) continue;
    report.threads++;
    report.messages += done.messages;
    report.attachments += done.attachments;
    report.rawMails += done.rawMails;
  }
  for (const m of await unsavedMessages(deps.db, email)) {
    for (const a of m.attachments) await deleteFile(deps, a.key);
    await deleteUnsavedMessage(deps.db, email, m);
    report.messages++;
    report.attachments += m.attachments.length;
  }
  for (const f of await failuresFrom(deps.db, email)) {
    await deleteFile(deps, f.rawKey);
    await dismissMailFailure(deps.db, f.id).catch((error: unknown) => {
      if (!(error instanceof NotFound)) throw error;
    });
    report.rawMails++;
  }
  return { ...report, ...(await deleteCustomerRecords(deps.db, email)) };
}

/** Null when the thread is already gone. */
async function eraseThread(deps: Deps, id: string): Promise<{ messages: number; attachments: number; rawMails: number } | null> {
  const items = await withRetries(async () => {
    const partition = await threadPartition(deps.db, id);
    const row = partition.find((i) => i.sk === 'THREAD');
    if (!row) return null;
    if (row.entity === 'thread') await takeOffCounters(deps.db, threadFrom(row), partition);
    return partition;
  }, { key: `thread:${id}` });
  if (!items) return null;
  const messages = messagesOf(items);
  const attachments: AttachmentRef[] = messages.flatMap((m) => m.attachments);
  const rawKeys = [...new Set(messages.flatMap((m) => (m.rawKey ? [m.rawKey] : [])))];
  // Files first: while the items that name them remain, a retry can still find them.
  for (const objectKey of [...attachments.map((a) => a.key), ...rawKeys]) await deleteFile(deps, objectKey);
  await deleteThreadRecords(deps.db, items, await outboxMailsOf(deps.db, items));
  return { messages: messages.length, attachments: attachments.length, rawMails: rawKeys.length };
}
