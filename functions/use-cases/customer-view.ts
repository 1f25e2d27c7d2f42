// The customer's own view of their thread (C7): read with the thread's secret token, and answer it.
import { NotFound } from '../desk/errors';
import { tokensMatch } from '../desk/markers';
import type { Message } from '../desk/model';
import { decideCustomerMessage } from '../desk/threads';
import { localize } from '../desk/vocabulary';
import type { Deps } from '../deps';
import { claimUploads, downloadUrl } from '../files/uploads';
import { commit } from '../store/commit';
import { knownContact } from '../store/contacts';
import { withRetries } from '../store/db';
import { getEmployee } from '../store/employees';
import { getThreadCollection, type ThreadCollection } from '../store/threads';
import { countAttempt } from './rate-limits';
import { outboxMails } from '../mail/outgoing-mail';

const notFound = () => new NotFound('No thread with this id and token.');

/** Unknown thread and wrong token answer alike, and the token comparison takes constant time. */
async function openWithToken(deps: Deps, id: string, token: string): Promise<ThreadCollection> {
  const collection = await getThreadCollection(deps.db, id);
  const expected = collection?.thread.token ?? 'x'.repeat(24);
  if (!tokensMatch(expected, token) || !collection) throw notFound();
  return collection;
}

export async function viewAsCustomer(deps: Deps, id: string, token: string) {
  const { thread, messages } = await openWithToken(deps, id, token);
  const contact = await knownContact(deps.db, thread.contactId);
  return {
    id: thread.id,
    status: thread.status,
    lang: thread.lang,
    contact: contact ? { id: contact.id, name: localize(contact.name, thread.lang) } : null,
    orderReference: thread.orderReference ?? null,
    createdAt: thread.createdAt,
    messages: await Promise.all(messages.filter((m) => m.kind !== 'note' && !m.autoReply).map((m) => publicMessage(deps, m))),
  };
}

async function publicMessage(deps: Deps, m: Message) {
  return {
    id: m.id,
    author: m.kind === 'customer' ? ('customer' as const) : ('employee' as const),
    authorName: m.kind === 'customer' ? (m.from?.name ?? null) : (m.employeeName ?? null),
    createdAt: m.createdAt,
    text: m.text,
    attachments: await Promise.all(m.attachments.map(async (a) => ({ id: a.id, fileName: a.fileName, contentType: a.contentType, size: a.size, url: await downloadUrl(deps, a) }))),
  };
}

export async function answerAsCustomer(deps: Deps, id: string, token: string, input: { message: string; uploadIds?: string[] }) {
  await openWithToken(deps, id, token);
  // Each answer mails the contact or the employee in charge: a token holder cannot make the desk a mail cannon (C7).
  await countAttempt(deps, 'thread', id, deps.config.limits.answersPerThread, 'answers to this thread');
  const uploads = await claimUploads(deps, input.uploadIds ?? [], 'public');
  return withRetries(async () => {
    const { thread, messages } = (await getThreadCollection(deps.db, id))!;
    const contact = (await knownContact(deps.db, thread.contactId))!;
    const decision = decideCustomerMessage(
      thread,
      { contactId: thread.contactId, email: thread.email, lang: thread.lang, text: input.message, attachments: uploads.attachments, source: 'portal' },
      deps.now(),
      deps.ids,
    );
    const message = decision.messages[0]!;
    const employee = thread.employeeId ? await getEmployee(deps.db, thread.employeeId) : undefined;
    decision.mails.push(
      employee?.active
        ? { kind: 'employee-notification', messageId: message.id, to: { address: employee.email, name: employee.name, lang: employee.lang } }
        : { kind: 'contact-notification', messageId: message.id },
    );
    await commit(deps.db, decision, { outbox: outboxMails(deps, decision, { contact, history: messages }), items: uploads.items });
    return { id: message.id, threadId: thread.id, status: decision.thread.status, createdAt: message.createdAt };
  }, { key: `thread:${id}` });
}

