// Console sign-in (A12): a one-time link by e-mail, exchanged for a session; signing out ends it.
import { createHash, randomBytes } from 'node:crypto';
import { Invalid, Unauthorized } from '../desk/errors';
import type { Employee } from '../desk/model';
import type { Deps } from '../deps';
import { hashToken, newSessionToken, SESSION_IDLE_SECONDS, type Caller } from '../credentials';
import { signInMail } from '../mail/templates';
import { ConditionFailed, putNew, transact } from '../store/db';
import { getEmployee, listEmployees } from '../store/employees';
import { outboxItem, type OutboxMail } from '../store/outbox';
import { consumeSignInCodeItem, endSessionItem, findSignInCode, sessionItem, signInCodeItem } from '../store/sessions';
import { countAttempt } from './rate-limits';
import { employeeView } from './employees';

export const SIGN_IN_CODE_SECONDS = 15 * 60;

/** Where the console is served: the pages live on the API's own origin (SPEC §6a). */
export function consoleUrl(deps: Deps): string | undefined {
  const base = deps.config.publicUrl?.replace(/\/$/, '');
  return base ? `${base}/console/` : undefined;
}

/**
 * Mails a one-time link to an active employee with this address. The caller learns nothing: the answer is
 * the same for any address, and the limits count unknown addresses too.
 */
export async function requestSignInLink(deps: Deps, email: string, sourceIp: string): Promise<void> {
  await countAttempt(deps, 'signin-ip', sourceIp, deps.config.limits.signInsPerIp, 'sign-in requests');
  await countAttempt(deps, 'signin-email', email, deps.config.limits.signInsPerEmail, 'sign-in requests');
  const employee = (await listEmployees(deps.db)).find((e) => e.active && e.email.toLowerCase() === email);
  if (!employee) {
    deps.logger.info('sign-in link not sent', { known: false });
    return;
  }
  const code = randomBytes(32).toString('base64url');
  const now = deps.now();
  const expiresAt = new Date(now.getTime() + SIGN_IN_CODE_SECONDS * 1000).toISOString();
  await transact(deps.db, [
    signInCodeItem({ hash: codeHash(code), employeeId: employee.id, createdAt: now.toISOString(), expiresAt }),
    putNew(outboxItem(signInOutboxMail(deps, employee, code))),
  ]);
}

/** Exchanges a link's code for a session: the code is deleted in the same transaction, so it opens one session at most. */
export async function openSession(deps: Deps, code: string, sourceIp: string) {
  await countAttempt(deps, 'session-ip', sourceIp, deps.config.limits.signInsPerIp * 2, 'sign-in attempts');
  const hash = codeHash(code);
  const found = await findSignInCode(deps.db, hash);
  const now = deps.now();
  if (!found) throw invalidLink();
  if (found.expiresAt <= now.toISOString()) {
    throw new Unauthorized('This sign-in link has expired: links work for 15 minutes. Ask for a new one.', { reason: 'sign-in-link-expired' });
  }
  const employee = await getEmployee(deps.db, found.employeeId);
  if (!employee?.active) throw invalidLink();
  const token = newSessionToken();
  const id = `session-${deps.ids.newId()}`;
  try {
    await transact(deps.db, [consumeSignInCodeItem(hash, now), sessionItem(hashToken(token), id, employee, now, SESSION_IDLE_SECONDS)]);
  } catch (error) {
    if (error instanceof ConditionFailed) throw invalidLink();
    throw error;
  }
  return { token, expiresAt: new Date(now.getTime() + SESSION_IDLE_SECONDS * 1000).toISOString(), employee: employeeView(employee) };
}

/** Signs out: the session's item is deleted, so its token answers 401 from the next request on. */
export async function endSession(deps: Deps, caller: Caller): Promise<void> {
  if (!caller.sessionHash) {
    throw new Invalid('This request was made with an API token, not a console session; an admin revokes tokens with DELETE /v1/tokens/{id}.', [
      { field: 'authorization', message: 'Not a session.' },
    ], 'not-a-session');
  }
  try {
    await transact(deps.db, [endSessionItem(caller.sessionHash)]);
  } catch (error) {
    // Signed out twice at once: the session is gone either way.
    if (!(error instanceof ConditionFailed)) throw error;
  }
}

function invalidLink(): Unauthorized {
  return new Unauthorized('This sign-in link is not valid or was already used. Ask for a new one.', { reason: 'sign-in-link-invalid' });
}

function codeHash(code: string): string {
  return createHash('sha256').update(`sign-in:${code}`).digest('hex');
}

function signInOutboxMail(deps: Deps, employee: Employee, code: string): OutboxMail {
  const lang = employee.lang ?? 'en';
  const base = consoleUrl(deps);
  const rendered = signInMail(lang, base ? `${base}#code=${code}` : undefined, code);
  return {
    id: deps.ids.newId(),
    kind: 'sign-in',
    createdAt: deps.now().toISOString(),
    state: 'queued',
    attempts: 0,
    fromName: deps.config.senderName,
    to: [{ address: employee.email, name: employee.name }],
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    automatic: true,
    toCustomer: false,
    attachments: [],
    lang,
  };
}
