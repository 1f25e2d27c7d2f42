// The contact form (C2–C6): validate, find or open the thread, store the message and its two mails in one transaction.
import { createHash } from 'node:crypto';
import { Invalid } from '../desk/errors';
import type { Lang } from '../desk/model';
import { decideCustomerMessage, isRepeatedSubmit } from '../desk/threads';
import type { Deps } from '../deps';
import { claimUploads } from '../files/uploads';
import { commit } from '../store/commit';
import { getContact, knownContact } from '../store/contacts';
import { unsavedMessageItem } from '../store/customers';
import { putNew, transact, withRetries } from '../store/db';
import { outboxItem } from '../store/outbox';
import { findOpenThread, getThread, slotAndProfile, slotClaimItem } from '../store/threads';
import { bodyDigest, idempotencyRecord, replayed, type IdempotentResponse } from './idempotency';
import { countAttempt } from './rate-limits';
import { outboxMails } from '../mail/outgoing-mail';

export interface ContactFormInput {
  contactId: string;
  email: string;
  name?: string;
  orderReference?: string;
  message: string;
  lang: Lang;
  uploadIds?: string[];
  website?: string;
}

const SCOPE = 'public-messages';

export async function submitContactForm(deps: Deps, input: ContactFormInput, meta: { sourceIp: string; idempotencyKey?: string }): Promise<IdempotentResponse> {
  const digest = bodyDigest(input);
  const earlier = await replayed(deps, SCOPE, meta.idempotencyKey, digest);
  if (earlier) return earlier;
  const contact = await knownContact(deps.db, input.contactId);
  if (!contact) throw new Invalid('The contact does not exist.', [{ field: 'contactId', message: 'No such contact.' }], 'unknown-reference');
  // A filled honeypot is a robot: it gets the answer a person would, and nothing happens.
  if (input.website) return { status: 201, body: contact.saveMessages ? { stored: true, threadId: deps.ids.newId() } : { stored: false } };
  await countAttempt(deps, 'ip', meta.sourceIp, deps.config.limits.perIp);
  await countAttempt(deps, 'email', input.email, deps.config.limits.perEmail);
  const uploads = await claimUploads(deps, input.uploadIds ?? [], 'public');
  // Kept as typed even when the shop has not pushed that order yet; the thread view links it once it has (A10).
  const orderReference = input.orderReference || undefined;
  const textDigest = createHash('sha256').update(input.message).digest('hex');
  const slot = { email: input.email, contactId: contact.id, orderReference };
  let tries = 0;
  return withRetries(async () => {
    // The first try takes the contact from the container's copy. A contact deleted since fails the commit's check on
    // it (C3), so every later try reads it again and answers that it is unknown.
    if (tries++ > 0 && !(await getContact(deps.db, contact.id))) throw new Invalid('The contact does not exist.', [{ field: 'contactId', message: 'No such contact.' }], 'unknown-reference');
    const { slotHolder, customer } = await slotAndProfile(deps.db, contact.saveMessages ? slot : undefined, input.name ? undefined : input.email);
    const name = input.name || [customer?.firstName, customer?.lastName].filter(Boolean).join(' ') || undefined;
    const latest = slotHolder ? await getThread(deps.db, slotHolder) : undefined;
    const existing = !contact.saveMessages ? null : latest && latest.status !== 'closed' ? latest : await findOpenThread(deps.db, input.email, contact.id, orderReference);
    // A repeat of the same text is absorbed, unless it brings files: those are kept as a new message (C3).
    if (existing && uploads.attachments.length === 0 && isRepeatedSubmit(existing, textDigest, deps.now())) return { status: 201, body: { stored: true, threadId: existing.id } };
    const decision = decideCustomerMessage(
      existing,
      { contactId: contact.id, email: input.email, name, orderReference, lang: existing?.lang ?? input.lang, text: input.message, attachments: uploads.attachments, source: 'form', digest: textDigest },
      deps.now(),
      deps.ids,
    );
    decision.mails.push({ kind: 'contact-notification', messageId: decision.messages[0]!.id }, { kind: 'customer-confirmation', messageId: decision.messages[0]!.id });
    const mails = outboxMails(deps, decision, { contact, history: [], unsaved: !contact.saveMessages });
    const response: IdempotentResponse = contact.saveMessages ? { status: 201, body: { stored: true, threadId: decision.thread.id } } : { status: 201, body: { stored: false } };
    const extra = [...uploads.items, ...idempotencyRecord(deps, SCOPE, meta.idempotencyKey, digest, response)];
    if (!existing && contact.saveMessages) {
      extra.push(slotClaimItem(slot, decision.thread.id, slotHolder));
    }
    if (contact.saveMessages) await commit(deps.db, decision, { outbox: mails, items: extra });
    else {
      const unsaved = { id: decision.messages[0]!.id, at: decision.messages[0]!.createdAt, contactId: contact.id, text: input.message, outboxIds: mails.map((m) => m.id), attachments: uploads.attachments };
      await transact(deps.db, [...mails.map((m) => putNew(outboxItem(m))), unsavedMessageItem(input.email, unsaved), ...extra]);
    }
    return response;
  }, { key: `form:${input.email}:${contact.id}` });
}
