// The agent console (U3, U5, A12) in a real Chromium against npm start's stack: sign-in, overview, list, thread and its actions.
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDb, type Db } from '../../functions/store/db';
import { startSesCapture, type SesCapture } from '../../local/ses';
import { DESKTOP, PHONE, expectAccessible, launchBrowser, screenshot } from '../support/browser';
import { signInCode, startTestDesk, unique, uniqueEmail, waitForMails, type TestDesk } from '../support/harness';
import { appendMail, fixture, poll, useMailbox } from '../support/mailbox';
import { PDF } from '../support/uploads';

let desk: TestDesk;
let browser: Browser;
let db: Db;
let files: string;
/** This file's own SES stand-in, so that a send can be made to fail (the resend test). */
let ses: SesCapture;
/** This file's mailbox in the test dovecot. */
const MAIL_USER = 'console';
const agent = { id: '', email: uniqueEmail('agent'), name: 'Alex Agent' };
const colleague = { id: '', email: uniqueEmail('colleague'), name: 'Camille Colleague' };

beforeAll(async () => {
  ses = await startSesCapture(join(inject('services').tmp, `ses-console-${Date.now()}`), 0);
  // Every test signs in afresh: more links per address than the default limit.
  [desk, browser] = await Promise.all([startTestDesk({ ses: ses.url, env: { SIGNINS_PER_EMAIL: '1000' } }), launchBrowser()]);
  db = createDb(desk.table, 'us-east-1', inject('services').dynamodb);
  files = mkdtempSync(join(tmpdir(), 'shopdesk-console-'));
  await desk.api.request('PUT', '/v1/settings', { body: { allowFileUpload: true } });
  agent.id = (await desk.api.post('/v1/employees', { name: agent.name, email: agent.email, role: 'agent', lang: 'en' })).body.id;
  colleague.id = (await desk.api.post('/v1/employees', { name: colleague.name, email: colleague.email, role: 'agent', lang: 'de' })).body.id;
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await desk?.close();
  await ses?.close();
});

/** A customer's thread opened through the contact form; optionally a registered customer with an order. */
async function customerThread(options: { message?: string; lang?: string; name?: string; order?: boolean; contactId?: string } = {}) {
  const email = uniqueEmail();
  const reference = options.order ? `R${Math.random().toString(36).slice(2, 10).toUpperCase()}` : undefined;
  if (reference) {
    await desk.api.request('PUT', `/v1/customers/${encodeURIComponent(email)}`, { body: { firstName: 'Jeanne', lastName: 'Client', registeredAt: '2025-03-01T09:00:00Z' } });
    await desk.api.request('PUT', `/v1/orders/${reference}`, { body: { customerEmail: email, totalPaid: 59.9, currency: 'EUR', placedAt: '2026-11-20T14:03:00Z', state: 'Shipped' } });
  }
  const res = await desk.api.post(
    '/v1/public/messages',
    { contactId: options.contactId ?? 'customer-service', email, name: options.name ?? 'Jeanne Client', message: options.message ?? 'Where is my parcel?', lang: options.lang ?? 'en', ...(reference ? { orderReference: reference } : {}) },
    null,
  );
  expect(res.status).toBe(201);
  const [mail] = await waitForMails(desk.sesUrl, email, 1);
  const token = /\[#tc([\w-]+)\]/.exec(mail!.subject)![1]!;
  return { id: res.body.threadId as string, email, token, reference };
}

async function open(viewport = DESKTOP): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  return { context, page: await context.newPage() };
}

/** Opens the console signed in as this employee, through the link of the mail the desk sent. */
async function signedIn(email: string, viewport = DESKTOP, path = '/console/'): Promise<{ context: BrowserContext; page: Page }> {
  const code = await signInCode(desk, email);
  const { context, page } = await open(viewport);
  await page.goto(`${desk.url}/console/#code=${code}`);
  await page.getByRole('button', { name: /^(Sign out|Se déconnecter|Abmelden|Cerrar sesión|Выйти)$/ }).waitFor();
  if (path !== '/console/') await page.goto(desk.url + path);
  return { context, page };
}

/** The session's token, as the console keeps it in the tab's sessionStorage. */
async function sessionToken(page: Page): Promise<string> {
  return (JSON.parse(await page.evaluate<string>("sessionStorage.getItem('shopdesk.console.session')")) as { token: string }).token;
}

function file(name: string, content: Buffer | string): string {
  const path = join(files, name);
  writeFileSync(path, content);
  return path;
}

describe('signing in to the console (A12)', { timeout: 120_000 }, () => {
  it('asks for a link by e-mail, opens a session from the mail’s link and keeps its token out of the address and of other origins', async () => {
    const { context, page } = await open();
    await page.goto(`${desk.url}/console/`);
    expect(await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')).toContain("script-src 'self'");
    await page.getByLabel('E-mail address').fill(desk.adminEmail);
    await expectAccessible(page, 'console sign-in');
    await screenshot(page, 'console-sign-in');
    await page.getByRole('button', { name: 'Send me a link' }).click();
    await expect.poll(() => page.locator('.notice[role=status]').textContent()).toContain(`If ${desk.adminEmail} belongs to an employee`);
    // As a new user does it locally: the link is on the sent-mail page.
    await waitForMails(desk.sesUrl, desk.adminEmail, 1);
    await page.goto(`${desk.sesUrl}/`);
    const sent = page.locator('tr', { hasText: desk.adminEmail }).locator('a[href*="/console/#code="]');
    expect(await sent.count()).toBe(1);
    const link = (await sent.getAttribute('href'))!;
    await sent.click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Customer Service');
    expect(page.url()).toBe(`${desk.url}/console/`);
    const stored = await page.evaluate('({ session: Object.keys(sessionStorage), local: Object.keys(localStorage), cookies: document.cookie })');
    expect(stored).toEqual({ session: ['shopdesk.console.session'], local: [], cookies: '' });
    await context.close();
    // The link works once.
    const again = await open();
    await again.page.goto(link);
    await expect.poll(() => again.page.locator('.sign-in [role=alert]').first().textContent()).toBe('This sign-in link is not valid or was already used. Ask for a new one below.');
    await again.context.close();
  });

  it('says why a link does not work: wrong, used twice, expired', async () => {
    const { context, page } = await open(PHONE);
    await page.goto(`${desk.url}/console/#code=${'A'.repeat(43)}`);
    await expect.poll(() => page.locator('.sign-in [role=alert]').first().textContent()).toBe('This sign-in link is not valid or was already used. Ask for a new one below.');
    expect(page.url()).toBe(`${desk.url}/console/`);
    const used = await signInCode(desk, agent.email);
    expect((await desk.api.post('/v1/auth/sessions', { code: used }, null)).status).toBe(201);
    await page.goto(`${desk.url}/console/#code=${used}`);
    await expect.poll(() => page.locator('.sign-in [role=alert]').first().textContent()).toBe('This sign-in link is not valid or was already used. Ask for a new one below.');
    const expired = await signInCode(desk, agent.email);
    const hash = createHash('sha256').update(`sign-in:${expired}`).digest('hex');
    await db.doc.send(new UpdateCommand({ TableName: desk.table, Key: { pk: `SIGNIN#${hash}`, sk: 'SIGNIN' }, UpdateExpression: 'SET expiresAt = :past', ExpressionAttributeValues: { ':past': new Date(Date.now() - 1000).toISOString() } }));
    await page.goto(`${desk.url}/console/#code=${expired}`);
    await expect.poll(() => page.locator('.sign-in [role=alert]').first().textContent()).toBe('This sign-in link has expired: links work for 15 minutes. Ask for a new one below.');
    await expectAccessible(page, 'console expired link 375 px');
    await context.close();
  });

  it('signs out: the session ends on the server and the screen says so; an ended session sends back to sign-in', async () => {
    const { context, page } = await signedIn(agent.email);
    const token = await sessionToken(page);
    expect(token).toMatch(/^sds_/);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => page.locator('.sign-in [role=alert]').textContent()).toBe('You are signed out.');
    expect((await desk.api.get('/v1/me', token)).status).toBe(401);
    expect(await page.evaluate<number>('sessionStorage.length')).toBe(0);
    // A session that ends elsewhere (here: signed out by another tab) brings the sign-in screen with its reason.
    const second = await signedIn(agent.email);
    const other = await sessionToken(second.page);
    await desk.api.request('DELETE', '/v1/auth/sessions/current', { token: other });
    await second.page.getByRole('link', { name: 'Threads' }).click();
    await expect.poll(() => second.page.locator('.sign-in [role=alert]').textContent()).toBe('Your session has ended. Sign in again to go on.');
    await second.context.close();
    await context.close();
  });
});

describe('the desk screens (U3)', { timeout: 120_000 }, () => {
  it('shows the overview: a box per contact that opens the oldest new message, the meaning of status, the statistics', async () => {
    const first = await customerThread({ contactId: 'webmaster', message: 'The site is down' });
    await customerThread({ contactId: 'webmaster', message: 'Still down' });
    const { context, page } = await signedIn(desk.adminEmail);
    const box = page.locator('.box').filter({ hasText: 'Webmaster' });
    await expect.poll(() => box.locator('dd').first().textContent()).not.toBe('0');
    const dashboard = (await desk.api.get('/v1/dashboard')).body;
    const webmaster = dashboard.boxes.find((b: { contactId: string }) => b.contactId === 'webmaster');
    expect(await box.locator('dd').allTextContents()).toEqual([String(webmaster.open), String(webmaster.unread), String(webmaster.total)]);
    expect(await page.locator('.legend li').allTextContents()).toEqual(dashboard.statuses.map((s: { label: string; meaning: string }) => ` ${s.label} — ${s.meaning}`));
    expect(await page.locator('.statistics dt').allTextContents()).toEqual(['Total threads', 'Pending threads', 'Total customer messages', 'Total employee messages', 'Unread threads', 'Closed threads']);
    expect(await page.locator('.statistics dd').first().textContent()).toBe(String(dashboard.statistics.totalThreads));
    expect(await page.locator('.medians th[scope=row]').allTextContents()).toEqual(['Median first response', 'Median time to close']);
    await expectAccessible(page, 'console overview 1440 px');
    await screenshot(page, 'console-overview');
    await box.getByRole('link', { name: 'Open the oldest new message of Webmaster' }).click();
    expect(webmaster.oldestOpenThreadId).toBe(first.id);
    await expect.poll(() => page.url()).toBe(`${desk.url}/console/threads/${webmaster.oldestOpenThreadId}`);
    await context.close();
  });

  it('lists threads newest first with unread marks, filters them and pages by cursor', async () => {
    const a = await customerThread({ message: 'first of three', lang: 'fr' });
    const b = await customerThread({ message: 'second of three', lang: 'fr' });
    const c = await customerThread({ message: 'third of three', lang: 'fr' });
    await desk.api.post(`/v1/threads/${b.id}/replies`, { message: 'Answered.' });
    const { context, page } = await signedIn(desk.adminEmail, DESKTOP, `/console/threads?email=${encodeURIComponent(c.email)}`);
    const rows = page.locator('table.threads tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().locator('td').first().textContent()).toBe(c.id);
    expect(await rows.first().getAttribute('class')).toBe('unread');
    expect(await rows.first().locator('.badge').textContent()).toBe('1 unread');
    // Filters from the form, as the API takes them.
    await page.getByRole('link', { name: 'Reset' }).click();
    await page.locator('#filter-lang').selectOption('fr');
    await page.getByLabel('Status').selectOption('closed');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(() => page.url()).toContain('status=closed');
    await expect.poll(async () => (await rows.locator('td:first-child').allTextContents()).includes(b.id)).toBe(true);
    expect(await rows.locator('td:first-child').allTextContents()).not.toContain(a.id);
    await expectAccessible(page, 'console thread list');
    // Pages of two, newest activity first: c, then a.
    await page.goto(`${desk.url}/console/threads?lang=fr&status=open&limit=1`);
    await expect.poll(() => rows.count()).toBe(1);
    const firstPage = await rows.locator('td:first-child').allTextContents();
    await page.getByRole('link', { name: 'Next page' }).click();
    await expect.poll(async () => (await rows.locator('td:first-child').allTextContents())[0] !== firstPage[0]).toBe(true);
    expect(page.url()).toContain('cursor=');
    await page.getByRole('link', { name: 'First page' }).click();
    await expect.poll(() => rows.locator('td:first-child').allTextContents()).toEqual(firstPage);
    await screenshot(page, 'console-threads');
    await context.close();
  });

  it('keeps the filters an agent chose while the list and the team were still loading (A4)', async () => {
    await customerThread();
    const { context, page } = await signedIn(agent.email, DESKTOP);
    // The answers the filter form is drawn from arrive late, as on a slow connection, after the agent chose.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/v1\/(threads|dashboard|team)(\?|$)/, async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(`${desk.url}/console/threads`);
    await page.getByLabel('Status').selectOption('closed');
    await page.getByLabel('Tag').fill('late-delivery');
    release();
    await expect.poll(() => page.locator('table.threads tbody tr').count()).toBeGreaterThan(0);
    await expect.poll(() => page.locator('#filter-employeeId option').count()).toBeGreaterThan(3);
    await expect.poll(() => page.locator('#filter-contactId option').count()).toBeGreaterThan(1);
    expect([await page.getByLabel('Status').inputValue(), await page.getByLabel('Tag').inputValue()]).toEqual(['closed', 'late-delivery']);
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(() => page.url()).toContain('status=closed&tag=late-delivery');
    await context.close();
  });

  it('works a message from arrival to answer: the customer panel, an order message inserted, a file, the reply mailed, the thread handled', async () => {
    await desk.api.post('/v1/order-messages', { name: { en: 'Shipped', fr: 'Expédiée' }, text: { en: 'Your order left today.', fr: 'Votre commande est partie.' } });
    const thread = await customerThread({ order: true, message: 'Où est mon colis ?', lang: 'fr' });
    const { context, page } = await signedIn(agent.email, DESKTOP, `/console/threads/${thread.id}`);
    await expect.poll(() => page.locator('.message.customer .text').first().textContent()).toBe('Où est mon colis ?');
    const panel = page.locator('aside.customer');
    expect(await panel.locator('.meta dd').allTextContents()).toEqual(['1', '€59.90', 'Mar 1, 2025, 9:00 AM']);
    expect(await panel.locator('.timeline .event-order').textContent()).toContain(`Order ${thread.reference} — €59.90 — Shipped`);
    // Opening the thread marks it read (its own call).
    await expect.poll(async () => (await desk.api.get(`/v1/threads/${thread.id}`)).body.thread.unread).toBe(0);
    const reply = page.getByLabel('Message', { exact: true });
    expect(await reply.inputValue()).toBe('Cher client,\n\nCordialement,\nLe service client');
    await reply.fill('Bonjour,\n\n');
    await reply.press('End');
    await page.getByLabel('Insert an order message').selectOption({ label: 'Shipped' });
    await page.getByRole('button', { name: 'Insert' }).click();
    expect(await reply.inputValue()).toBe('Bonjour,\n\nVotre commande est partie.');
    await page.locator('#reply-files').setInputFiles(file('label.pdf', PDF));
    await expectAccessible(page, 'console thread view');
    await screenshot(page, 'console-thread');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => page.locator('.thread-head .notice').textContent()).toBe('Your answer was sent.');
    await expect.poll(() => page.locator('h1 .status').textContent()).toBe('Closed');
    const mails = await waitForMails(desk.sesUrl, thread.email, 2);
    const mailed = mails[mails.length - 1]!;
    expect(mailed.parsed.text).toContain('Votre commande est partie.');
    expect(mailed.parsed.attachments.map((a) => a.filename)).toEqual(['label.pdf']);
    const view = (await desk.api.get(`/v1/threads/${thread.id}`)).body;
    expect(view.thread.employeeName).toBe(agent.name);
    expect(await page.locator('.meta').first().textContent()).toContain(agent.name);
    // The reply's file downloads through the JSON link (fetch carries the session; a redirect could not).
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download label.pdf' }).click()]);
    expect(download.suggestedFilename()).toBe('label.pdf');
    await context.close();
  });

  it('shows "the customer wrote meanwhile" on a collision (409), with the new message and a choice to send anyway', async () => {
    const thread = await customerThread({ message: 'My parcel is late.' });
    const { context, page } = await signedIn(agent.email, DESKTOP, `/console/threads/${thread.id}`);
    await expect.poll(() => page.locator('.message.customer').count()).toBe(1);
    await page.getByLabel('Message', { exact: true }).fill('It left yesterday.');
    expect((await desk.api.post(`/v1/public/threads/${thread.id}/messages?token=${thread.token}`, { message: 'Never mind, it just arrived!' }, null)).status).toBe(201);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    const collision = page.getByRole('alertdialog', { name: 'The customer wrote meanwhile' });
    await expect.poll(() => collision.locator('.text').textContent()).toBe('Never mind, it just arrived!');
    expect((await desk.api.get(`/v1/threads/${thread.id}`)).body.messages.filter((m: { kind: string }) => m.kind === 'employee')).toHaveLength(0);
    await expectAccessible(page, 'console collision');
    await screenshot(page, 'console-collision');
    await collision.getByRole('button', { name: 'Send anyway' }).click();
    await expect.poll(() => page.locator('.thread-head .notice').textContent()).toBe('Your answer was sent.');
    expect(await collision.count()).toBe(0);
    const messages = (await desk.api.get(`/v1/threads/${thread.id}`)).body.messages;
    expect(messages.map((m: { kind: string; text: string }) => [m.kind, m.text])).toEqual([
      ['customer', 'My parcel is late.'],
      ['customer', 'Never mind, it just arrived!'],
      ['employee', 'It left yesterday.'],
    ]);
    await context.close();
  });

  it('changes the status, adds a private note, forwards to an employee and to someone else, goes to the next unanswered', async () => {
    const thread = await customerThread({ message: 'Please call me.' });
    // Another thread waits, so there is a next one to go to.
    await customerThread({ message: 'I wait too.' });
    const { context, page } = await signedIn(agent.email, DESKTOP, `/console/threads/${thread.id}`);
    await page.getByRole('button', { name: 'Mark as "pending 1"' }).click();
    await expect.poll(() => page.locator('h1 .status').textContent()).toBe('Pending 1');
    expect(await page.getByRole('button', { name: 'Mark as "pending 1"' }).getAttribute('aria-pressed')).toBe('true');
    await page.getByRole('button', { name: 'Mark as "handled"' }).click();
    await expect.poll(() => page.locator('h1 .status').textContent()).toBe('Closed');
    await page.getByRole('button', { name: 'Re-open' }).click();
    await expect.poll(() => page.locator('h1 .status').textContent()).toBe('Open');
    expect((await desk.api.get(`/v1/threads/${thread.id}`)).body.thread.status).toBe('open');

    await page.getByRole('textbox', { name: 'Private note' }).fill('Called, no answer.');
    await page.getByRole('button', { name: 'Add the note' }).click();
    await expect.poll(() => page.locator('.message.note .text').textContent()).toBe('Called, no answer.');

    await page.getByLabel('Forward to').selectOption({ label: colleague.name });
    await page.getByLabel('Comment').fill('You know this customer.');
    await page.getByRole('button', { name: 'Forward', exact: true }).click();
    await expect.poll(() => page.locator('.thread-head .notice').textContent()).toBe(`Forwarded to ${colleague.name}.`);
    await waitForMails(desk.sesUrl, colleague.email, 1);
    await page.getByLabel('Forward to').selectOption({ label: 'Someone else' });
    await page.getByLabel('E-mail address').fill('carrier@example.com');
    await page.getByLabel('Comment').fill('Where is this parcel?');
    await page.getByRole('button', { name: 'Forward', exact: true }).click();
    await expect.poll(() => page.locator('.thread-head .notice').textContent()).toBe('Forwarded to carrier@example.com.');
    const carrier = await waitForMails(desk.sesUrl, 'carrier@example.com', 1);
    expect(carrier[carrier.length - 1]!.parsed.text).toContain('Where is this parcel?');
    await expect.poll(() => page.locator('.timeline .event-forward').count()).toBe(2);
    expect(await page.locator('.meta').first().textContent()).toContain(colleague.name);

    await page.getByRole('button', { name: 'Reply to the next unanswered message' }).click();
    await expect.poll(() => page.url()).not.toBe(`${desk.url}/console/threads/${thread.id}`);
    const next = (await desk.api.get(`/v1/threads/next-unanswered?after=${thread.id}`)).body.id;
    expect(page.url()).toBe(`${desk.url}/console/threads/${next}`);
    await context.close();
  });

  it('keeps the keyboard’s place: an empty note or forward marks its fields and focuses the first, Save, Send and Send anyway keep the focus, next unanswered moves it to the page (U3, U5)', async () => {
    const thread = await customerThread({ message: 'Is anyone there?' });
    await customerThread({ message: 'Me too.' });
    const { context, page } = await signedIn(agent.email, DESKTOP, `/console/threads/${thread.id}`);
    const focused = (what: string) => page.evaluate<string>(`document.activeElement.${what}`);

    await page.getByRole('button', { name: 'Add the note' }).click();
    const note = page.getByRole('textbox', { name: 'Private note' });
    await expect.poll(() => note.getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => focused('id')).toBe('note-message');

    const forward = page.locator('section.forward-form');
    await forward.getByRole('button', { name: 'Forward', exact: true }).click();
    const to = forward.getByLabel('Forward to');
    await expect.poll(() => to.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator(`#${await to.getAttribute('aria-describedby')}`).textContent()).toBe('Required.');
    expect(await forward.locator('.notice.error').textContent()).toBe('Please check the marked fields.');
    await expect.poll(() => focused('id')).toBe('forward-to');
    await to.selectOption({ label: 'Someone else' });
    await forward.getByRole('button', { name: 'Forward', exact: true }).click();
    await expect.poll(() => forward.getByLabel('E-mail address').getAttribute('aria-invalid')).toBe('true');
    expect([await to.getAttribute('aria-invalid'), await forward.getByLabel('Comment').getAttribute('aria-invalid')]).toEqual([null, 'true']);
    await expect.poll(() => focused('id')).toBe('forward-email');
    await expectAccessible(page, 'console thread with an empty note and forward');

    const team = page.locator('section.team-form');
    await team.getByLabel('Tags').fill('callback');
    await team.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.locator('.thread-head .notice').textContent()).toBe('Assignment and tags saved.');
    await expect.poll(() => team.getByLabel('Tags').inputValue()).toBe('callback');
    await expect.poll(() => focused('textContent')).toBe('Save');

    await page.getByRole('button', { name: 'Send', exact: true }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.thread-head .notice').textContent()).toBe('Your answer was sent.');
    await expect.poll(() => focused('textContent')).toBe('Send');

    await page.getByLabel('Message', { exact: true }).fill('We are on it.');
    expect((await desk.api.post(`/v1/public/threads/${thread.id}/messages?token=${thread.token}`, { message: 'Any news?' }, null)).status).toBe(201);
    await page.getByRole('button', { name: 'Send', exact: true }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('alertdialog', { name: 'The customer wrote meanwhile' }).waitFor();
    await expect.poll(() => focused('textContent')).toBe('Send anyway');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('alertdialog').count()).toBe(0);
    await expect.poll(() => focused('textContent')).toBe('Send');

    await page.getByRole('button', { name: 'Reply to the next unanswered message' }).click();
    await expect.poll(() => page.url()).not.toBe(`${desk.url}/console/threads/${thread.id}`);
    await page.getByRole('heading', { name: 'Your answer' }).waitFor();
    await expect.poll(() => focused('id')).toBe('main');
    await context.close();
  });

  it('shows a reply whose sending failed, with its reason, and sends it again on "Resend"', async () => {
    const thread = await customerThread({ message: 'Please answer.' });
    ses.failNext(1, 'MessageRejected');
    const reply = await desk.api.post(`/v1/threads/${thread.id}/replies`, { message: 'Rejected first', status: 'open' });
    expect(reply.status).toBe(201);
    const { context, page } = await signedIn(agent.email, DESKTOP, `/console/threads/${thread.id}`);
    const employee = page.locator('.message.employee');
    await expect.poll(async () => {
      await page.reload();
      await employee.first().waitFor();
      return employee.locator('.delivery').textContent();
    }).toMatch(/^Sending failed: .*MessageRejected/);
    await employee.getByRole('button', { name: 'Resend' }).click();
    await expect.poll(() => page.locator('.thread-head .notice').textContent()).toBe('The message is queued again.');
    const mails = await waitForMails(desk.sesUrl, thread.email, 2);
    expect(mails.filter((m) => m.parsed.text?.includes('Rejected first'))).toHaveLength(1);
    await context.close();
  });

  it('shows new messages without a reload: it polls every 30 s while visible', async () => {
    const thread = await customerThread({ message: 'Hello?' });
    const { context, page } = await open();
    await page.clock.install();
    const code = await signInCode(desk, agent.email);
    await page.goto(`${desk.url}/console/#code=${code}`);
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.goto(`${desk.url}/console/threads/${thread.id}`);
    await expect.poll(() => page.locator('.message.customer').count()).toBe(1);
    const calls: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes(`/v1/threads/${thread.id}`) && r.method() === 'GET') calls.push(r.url());
    });
    await desk.api.post(`/v1/public/threads/${thread.id}/messages?token=${thread.token}`, { message: 'Anyone there?' }, null);
    await page.clock.runFor(20_000);
    expect(calls).toEqual([]);
    await page.clock.runFor(11_000);
    await expect.poll(() => page.locator('.message.customer').count()).toBe(2);
    await expect.poll(() => page.locator('.thread-head .notice').textContent()).toBe('1 new message arrived.');
    await context.close();
  });

  it('lists the keyboard shortcuts on "?" and moves with them', async () => {
    const a = await customerThread({ message: 'keys one', lang: 'es' });
    const b = await customerThread({ message: 'keys two', lang: 'es' });
    // A tag of their own: the list holds these two only, whatever other tests left open in Spanish.
    const tag = unique('keys');
    for (const t of [a, b]) await desk.api.request('PATCH', `/v1/threads/${t.id}`, { body: { tags: [tag] } });
    const { context, page } = await signedIn(agent.email, DESKTOP, `/console/threads?tag=${tag}`);
    await expect.poll(() => page.locator('table.threads tbody tr').count()).toBe(2);
    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.locator('kbd').allTextContents()).toEqual(['j', 'k', 'r', 'e', 'n', 'u', '?']);
    await expectAccessible(page, 'console shortcuts');
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await page.keyboard.press('j');
    await expect.poll(() => page.url()).toBe(`${desk.url}/console/threads/${b.id}`);
    await page.keyboard.press('j');
    await expect.poll(() => page.url()).toBe(`${desk.url}/console/threads/${a.id}`);
    await page.keyboard.press('k');
    await expect.poll(() => page.url()).toBe(`${desk.url}/console/threads/${b.id}`);
    await expect.poll(() => page.locator('h1 .status').textContent()).toBe('Open');
    await page.keyboard.press('e');
    await expect.poll(() => page.locator('h1 .status').textContent()).toBe('Closed');
    await page.keyboard.press('r');
    expect(await page.evaluate<string>('document.activeElement.id')).toBe('reply-message');
    await page.keyboard.press('Escape');
    await page.locator('h1').click();
    await page.keyboard.press('u');
    await expect.poll(() => page.url()).toBe(`${desk.url}/console/threads`);
    await context.close();
  });

  it('speaks the five languages, the employee’s own by default, with the seeds’ words', async () => {
    const { context, page } = await signedIn(colleague.email);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Kundenservice');
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    const expected: Record<string, string[]> = {
      en: ['Customer Service', 'Meaning of status', 'Statistics'],
      fr: ['Service client', 'Signification de l’état', 'Statistiques'],
      de: ['Kundenservice', 'Bedeutung des Status', 'Statistik'],
      es: ['Servicio al cliente', 'Significado del estado', 'Estadísticas'],
      ru: ['Обслуживание клиентов', 'Значение состояния', 'Статистика'],
    };
    for (const [lang, words] of Object.entries(expected)) {
      await page.locator('#console-lang').selectOption(lang);
      await expect.poll(() => page.locator('html').getAttribute('lang')).toBe(lang);
      await expect.poll(() => page.locator('.legend h2').textContent()).toBe(words[1]);
      expect(await page.locator('h1').textContent()).toBe(words[0]);
      expect(await page.locator('.statistics h2').textContent()).toBe(words[2]);
    }
    // The API speaks the same language: the legend's labels come from it.
    await expect.poll(() => page.locator('.legend strong').first().textContent()).toBe('Открыта');
    await expectAccessible(page, 'console in Russian');
    await context.close();
  });

  it('is usable at 375 px: nothing wider than the phone on the overview, the list and the thread', async () => {
    const thread = await customerThread({ order: true, message: 'From my phone' });
    const { context, page } = await signedIn(agent.email, PHONE);
    for (const path of ['/console/', '/console/threads', `/console/threads/${thread.id}`]) {
      await page.goto(desk.url + path);
      await page.locator('main h1').waitFor();
      await page.waitForLoadState('networkidle');
      expect([path, await page.evaluate<number>('document.documentElement.scrollWidth')]).toEqual([path, PHONE.width]);
      await expectAccessible(page, `console ${path} 375 px`);
      if (path === '/console/threads') {
        // The header row is hidden on a phone: each value names its column.
        const labels = await page.evaluate<string[]>("[...document.querySelectorAll('.threads tbody tr:first-child td')].map((td) => getComputedStyle(td, '::before').content)");
        expect(labels.slice(0, 5)).toEqual(['"ID: "', '"Customer: "', '"Type: "', '"Language: "', '"Status: "']);
      }
    }
    await screenshot(page, 'console-thread-phone');
    await context.close();
  });
  it('fits the overview with its statistics into 375 px in each of the five languages (U3, U5)', async () => {
    const thread = await customerThread({ message: 'How long does it take?' });
    expect((await desk.api.post(`/v1/threads/${thread.id}/replies`, { message: 'Not long.', status: 'closed' })).status).toBe(201);
    const { context, page } = await signedIn(agent.email, PHONE);
    for (const l of ['en', 'fr', 'de', 'es', 'ru']) {
      await page.getByLabel(/^(Language|Langue|Sprache|Idioma|Язык)$/).selectOption(l);
      await expect.poll(() => page.evaluate<string>('document.documentElement.lang')).toBe(l);
      await page.locator('table.medians').waitFor();
      expect([l, await page.evaluate<number>('document.documentElement.scrollWidth')]).toEqual([l, PHONE.width]);
    }
    await context.close();
  });
});

describe('mail in the console', { timeout: 120_000 }, () => {
  it('shows a mail’s HTML in a sandboxed frame that runs no script and loads nothing from outside', async () => {
    const user = MAIL_USER;
    const customer = uniqueEmail();
    await useMailbox(desk, user);
    await appendMail(user, fixture('html-only.eml', { customer, unique: unique() }));
    expect((await poll(desk)).stored).toBe(1);
    const id = (await desk.api.get(`/v1/threads?email=${encodeURIComponent(customer)}`)).body.items[0].id as string;
    const { context, page } = await signedIn(agent.email, DESKTOP, `/console/threads/${id}`);
    const outside: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(desk.url) && !r.url().startsWith('data:') && !r.url().startsWith('about:')) outside.push(r.url());
    });
    const frame = page.locator('iframe.mail-html');
    await frame.waitFor();
    expect(await frame.getAttribute('sandbox')).not.toContain('allow-scripts');
    expect(await frame.getAttribute('title')).toBe('The message as the customer formatted it');
    const body = page.frameLocator('iframe.mail-html').locator('body');
    await expect.poll(() => body.textContent()).toContain('Hello team,');
    expect(await page.frameLocator('iframe.mail-html').locator('script, [onclick]').count()).toBe(0);
    await page.waitForTimeout(500);
    expect(outside).toEqual([]);
    await context.close();
  });
});

describe('the administration screens (U4)', { timeout: 120_000 }, () => {
  it('says so under a heading when an address leads to no screen (U5)', async () => {
    const { context, page } = await signedIn(agent.email, DESKTOP, '/console/nowhere');
    await expect.poll(() => page.locator('main h1').textContent()).toBe('There is nothing at this address.');
    await expectAccessible(page, 'console, no such screen');
    await context.close();
  });

  it('shows an agent no admin screen, and one typed in says the API refused it (403)', async () => {
    const { context, page } = await signedIn(agent.email);
    await page.locator('.boxes').waitFor();
    expect(await page.locator('header nav a').allTextContents()).toEqual(['Customer Service', 'Threads', 'Saved replies']);
    const refused = page.waitForResponse((r) => r.url().endsWith('/v1/contacts'));
    await page.goto(`${desk.url}/console/admin/contacts`);
    expect((await refused).status()).toBe(403);
    await expect.poll(() => page.locator('main > p.error[role=alert]').textContent()).toBe('This screen is for administrators.');
    expect(await page.locator('main form').count()).toBe(0);
    await expectAccessible(page, 'console 403');
    await context.close();
  });

  it('manages contacts: add in five languages, change, delete', async () => {
    const { context, page } = await signedIn(desk.adminEmail, DESKTOP, '/console/admin/contacts');
    expect(await page.locator('header nav a').allTextContents()).toEqual(['Customer Service', 'Threads', 'Saved replies', 'Contacts', 'Employees', 'Customer service options', 'Order Messages']);
    await page.locator('.admin-list').waitFor();
    const add = page.locator('section', { has: page.getByRole('heading', { name: 'Add a contact' }) });
    await add.getByLabel('Name (English)').fill('Returns');
    await add.getByLabel('Name (Français)').fill('Retours');
    await add.getByLabel('Description (English)').fill('Send back a product');
    await add.getByLabel('E-mail address').fill('returns@shop.test');
    await add.getByLabel('Position').fill('3');
    await add.getByRole('button', { name: 'Create' }).click();
    const row = page.locator('.admin-list > li').filter({ hasText: 'Returns' });
    await expect.poll(() => row.count()).toBe(1);
    const created = (await desk.api.get('/v1/contacts')).body.items.find((c: { email: string }) => c.email === 'returns@shop.test');
    expect(created).toMatchObject({ name: { en: 'Returns', fr: 'Retours' }, description: { en: 'Send back a product' }, saveMessages: true, position: 3 });
    await expectAccessible(page, 'console contacts');
    await screenshot(page, 'console-contacts');
    await row.getByRole('button', { name: 'Edit Returns' }).click();
    await row.getByLabel('E-mail address').fill('back@shop.test');
    await row.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => row.textContent()).toContain('back@shop.test');
    page.once('dialog', (d) => void d.accept());
    await row.getByRole('button', { name: 'Delete Returns' }).click();
    await expect.poll(() => page.locator('main > .notice').textContent()).toBe('Contact deleted.');
    expect((await desk.api.get('/v1/contacts')).body.items.map((c: { email: string }) => c.email)).not.toContain('back@shop.test');
    await context.close();
  });

  it('deletes a contact that has threads after asking which contact takes them over, and moves them there (C1)', async () => {
    const leaving = unique('Leaving ');
    const staying = unique('Staying ');
    const from = (await desk.api.post('/v1/contacts', { name: { en: leaving }, email: uniqueEmail('leaving'), saveMessages: true })).body;
    const to = (await desk.api.post('/v1/contacts', { name: { en: staying }, email: uniqueEmail('staying'), saveMessages: true })).body;
    const thread = await customerThread({ contactId: from.id, message: 'Who reads this?' });
    const { context, page } = await signedIn(desk.adminEmail, DESKTOP, '/console/admin/contacts');
    const row = page.locator('.admin-list > li').filter({ hasText: leaving });
    page.once('dialog', (d) => void d.accept());
    await row.getByRole('button', { name: `Delete ${leaving}` }).click();
    await expect.poll(() => row.locator('[role=alert]').textContent()).toBe('This contact has threads: choose the contact that takes them over.');
    expect(await row.getByLabel('Move its threads to').locator('option').allTextContents()).not.toContain(leaving);
    await expectAccessible(page, 'console contacts, moving the threads of a deleted contact');
    await row.getByLabel('Move its threads to').selectOption({ label: staying });
    await row.getByRole('button', { name: 'Move the threads and delete' }).click();
    await expect.poll(() => page.locator('main > .notice').textContent()).toBe('Contact deleted.');
    await expect.poll(() => row.count()).toBe(0);
    expect((await desk.api.get('/v1/contacts')).body.items.map((c: { id: string }) => c.id)).not.toContain(from.id);
    expect((await desk.api.get(`/v1/threads/${thread.id}`)).body.thread.contactId).toBe(to.id);
    await context.close();
  });

  it('manages employees and their tokens: a new token shown once with copy, revoked at once', async () => {
    const context = await browser.newContext({ viewport: DESKTOP });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: desk.url });
    const page = await context.newPage();
    await page.goto(`${desk.url}/console/#code=${await signInCode(desk, desk.adminEmail)}`);
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.goto(`${desk.url}/console/admin/employees`);
    const email = uniqueEmail('nina');
    await page.getByLabel('Name', { exact: true }).fill('Nina New');
    await page.getByLabel('E-mail address', { exact: true }).fill(email);
    await page.getByRole('button', { name: 'Create' }).click();
    const row = page.locator('.admin-list > li').filter({ hasText: 'Nina New' });
    await expect.poll(() => row.count()).toBe(1);
    await row.getByRole('button', { name: 'Deactivate Nina New', exact: true }).click();
    await expect.poll(() => row.getByRole('button', { name: 'Activate Nina New', exact: true }).count()).toBe(1);
    const nina = (await desk.api.get('/v1/employees')).body.items.find((e: { email: string }) => e.email === email);
    expect([nina.role, nina.active]).toEqual(['agent', false]);
    await row.getByRole('button', { name: 'Activate Nina New', exact: true }).click();
    await row.getByRole('button', { name: 'API tokens Nina New' }).click();
    await row.getByLabel('Label').fill('Laptop');
    await row.getByRole('button', { name: 'Issue a token' }).click();
    const shown = row.locator('.token-once code');
    await expect.poll(() => shown.count()).toBe(1);
    const token = (await shown.textContent())!;
    expect((await desk.api.get('/v1/me', token)).body.email).toBe(email);
    await row.getByRole('button', { name: 'Copy' }).click();
    await expect.poll(() => row.locator('.notice').textContent()).toBe('Copied.');
    expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(token);
    await expectAccessible(page, 'console employees with a new token');
    await screenshot(page, 'console-employees');
    await row.getByRole('button', { name: 'Revoke Laptop' }).click();
    await expect.poll(() => row.locator('.notice').textContent()).toBe('Token revoked.');
    expect(await shown.count()).toBe(0);
    expect((await desk.api.get('/v1/me', token)).status).toBe(401);
    // Shown once: the list never gives the secret again.
    await page.reload();
    await page.locator('.admin-list > li').filter({ hasText: 'Nina New' }).getByRole('button', { name: 'API tokens Nina New' }).click();
    expect(await page.content()).not.toContain(token);
    await context.close();
  });

  it('shows a new employee’s field errors from the API next to their fields, in the console’s language, focus on the first (A11, U4)', async () => {
    const { context, page } = await signedIn(desk.adminEmail, PHONE, '/console/admin/employees');
    await page.getByLabel('Language').first().selectOption('ru');
    const add = page.locator('section', { has: page.getByRole('heading', { name: 'Добавить сотрудника' }) });
    await add.getByLabel('Адрес e-mail').fill('nobody-at-example');
    const refused = page.waitForResponse((r) => r.url().endsWith('/v1/employees') && r.request().method() === 'POST');
    await add.getByRole('button', { name: 'Создать' }).click();
    const problem = await (await refused).json();
    expect(problem.errors.map((e: { field: string }) => e.field).sort()).toEqual(['email', 'name']);
    const name = add.getByLabel('Имя');
    const email = add.getByLabel('Адрес e-mail');
    await expect.poll(() => name.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator(`#${await name.getAttribute('aria-describedby')}`).textContent()).toBe('Обязательное поле.');
    expect(await page.locator(`#${await email.getAttribute('aria-describedby')}`).textContent()).toBe('Некорректный адрес электронной почты.');
    expect(await add.locator('.notice.error').textContent()).toBe('Проверьте отмеченные поля.');
    await expect.poll(() => name.evaluate((el) => el === (el.ownerDocument as { activeElement: unknown }).activeElement)).toBe(true);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBe(PHONE.width);
    await expectAccessible(page, 'console employees with field errors, 375 px');
    await context.close();
  });

  it('saves the options and tests the mailbox, showing the stage and reason of a failure and the mailbox status', async () => {
    const user = MAIL_USER;
    await useMailbox(desk, user);
    await poll(desk);
    const { context, page } = await signedIn(desk.adminEmail, DESKTOP, '/console/admin/options');
    await page.getByLabel('Default message (Français)').fill('Bonjour,\n\nL’équipe');
    await page.getByLabel('Allow file uploading').uncheck();
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.locator('#options-form > .notice').textContent()).toBe('Saved.');
    const saved = (await desk.api.get('/v1/settings')).body;
    expect([saved.allowFileUpload, saved.defaultMessage.fr, saved.mailbox.passwordSet]).toEqual([false, 'Bonjour,\n\nL’équipe', true]);
    expect(await page.locator('#mailbox-password-hint').textContent()).toBe('A password is saved; leave empty to keep it. Changing the IMAP URL, port or user without typing the password again clears it.');
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => page.locator('section[aria-labelledby=mailbox-heading] .notice').textContent()).toMatch(/^Connected: IMAP, \d+ messages? in the mailbox\.$/);
    await expect.poll(() => page.locator('section[aria-labelledby=mail-status-heading]').textContent()).toContain('The mailbox was read at the last poll.');
    await expectAccessible(page, 'console options');
    await screenshot(page, 'console-options');
    await page.getByLabel('IMAP port').fill('1');
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => page.locator('section[aria-labelledby=mailbox-heading] .notice.error').textContent()).toMatch(/^Failed at the connect stage: /);
    await desk.api.request('PUT', '/v1/settings', { body: { allowFileUpload: true } });
    await context.close();
  });

  it('shows the port used when the mailbox port is left empty, following /pop3 and /ssl as they are ticked (O3)', async () => {
    await useMailbox(desk, MAIL_USER, { port: null });
    const { context, page } = await signedIn(desk.adminEmail, DESKTOP, '/console/admin/options');
    const port = page.getByLabel('IMAP port');
    await port.waitFor();
    expect([await port.inputValue(), await port.getAttribute('placeholder')]).toEqual(['', '143']);
    expect(await page.locator(`#${await port.getAttribute('aria-describedby')}`).textContent()).toBe('Left empty, the port follows /pop3 and /ssl: 143 with the flags ticked below.');
    await page.getByLabel('/ssl').check();
    expect(await port.getAttribute('placeholder')).toBe('993');
    await page.getByLabel('/pop3').check();
    expect(await port.getAttribute('placeholder')).toBe('995');
    await page.getByLabel('/ssl').uncheck();
    expect(await port.getAttribute('placeholder')).toBe('110');
    expect(await page.locator('#mailbox-port-hint').textContent()).toBe('Left empty, the port follows /pop3 and /ssl: 110 with the flags ticked below.');
    await page.getByLabel('/pop3').uncheck();
    await page.getByLabel('/ssl').check();
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.locator('#options-form > .notice').textContent()).toBe('Saved.');
    // The API answers with the port it uses: the default of the flags.
    expect((await desk.api.get('/v1/settings')).body.mailbox).toMatchObject({ port: 993, ssl: true, pop3: false });
    await expect.poll(() => port.getAttribute('placeholder')).toBe('993');
    expect(await port.inputValue()).toBe('');
    await page.getByLabel('Language').selectOption('de');
    expect(await page.locator('#mailbox-port-hint').textContent()).toBe('Leer gelassen, folgt der Port /pop3 und /ssl: 993 mit den unten gewählten Optionen.');
    await expectAccessible(page, 'console options, port left empty');
    await useMailbox(desk, MAIL_USER);
    await context.close();
  });

  it('shows a contact’s field errors from the API next to their fields, in the console’s language, focus on the first (C1, U4)', async () => {
    const { context, page } = await signedIn(desk.adminEmail, PHONE, '/console/admin/contacts');
    await page.getByLabel('Language').selectOption('es');
    const add = page.locator('section', { has: page.getByRole('heading', { name: 'Añadir un contacto' }) });
    await add.getByLabel('Nombre (English)').fill('x'.repeat(65));
    await add.getByLabel('Dirección de correo electrónico').fill('not-an-address');
    const before = (await desk.api.get('/v1/contacts')).body.items.length;
    const refused = page.waitForResponse((r) => r.url().endsWith('/v1/contacts') && r.request().method() === 'POST');
    await add.getByRole('button', { name: 'Crear' }).click();
    const problem = await (await refused).json();
    expect(problem.errors.map((e: { field: string }) => e.field).sort()).toEqual(['description.en', 'email', 'name.en']);
    const name = add.getByLabel('Nombre (English)');
    const email = add.getByLabel('Dirección de correo electrónico');
    await expect.poll(() => name.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator(`#${await name.getAttribute('aria-describedby')}`).textContent()).toBe('Como máximo 64 caracteres.');
    const description = add.getByLabel('Descripción (English)');
    expect(await page.locator(`#${await description.getAttribute('aria-describedby')}`).textContent()).toBe('Obligatorio.');
    expect(await email.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator(`#${await email.getAttribute('aria-describedby')}`).textContent()).toBe('No es una dirección de correo válida.');
    expect(await add.locator('.notice.error').textContent()).toBe('Revise los campos marcados.');
    await expect.poll(() => name.evaluate((el) => el === (el.ownerDocument as { activeElement: unknown }).activeElement)).toBe(true);
    expect(await add.getByLabel('Posición').getAttribute('aria-invalid')).toBeNull();
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBe(PHONE.width);
    await expectAccessible(page, 'console contacts with field errors, 375 px');
    expect((await desk.api.get('/v1/contacts')).body.items).toHaveLength(before);
    await context.close();
  });

  it('shows an order message’s field errors from the API next to their fields, in the console’s language, focus on the first (A9, U4)', async () => {
    const { context, page } = await signedIn(desk.adminEmail, DESKTOP, '/console/admin/order-messages');
    await page.getByLabel('Language').selectOption('de');
    const add = page.locator('section', { has: page.getByRole('heading', { name: 'Bestellnachricht hinzufügen' }) });
    await add.getByLabel('Name (Deutsch)').fill('Verspätung');
    await add.getByLabel('Nachricht (English)').fill('y'.repeat(5001));
    const refused = page.waitForResponse((r) => r.url().endsWith('/v1/order-messages') && r.request().method() === 'POST');
    await add.getByRole('button', { name: 'Anlegen' }).click();
    const problem = await (await refused).json();
    expect(problem.errors.map((e: { field: string }) => e.field).sort()).toEqual(['name.en', 'text.en']);
    const name = add.getByLabel('Name (English)');
    const text = add.getByLabel('Nachricht (English)');
    await expect.poll(() => name.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator(`#${await name.getAttribute('aria-describedby')}`).textContent()).toBe('Pflichtfeld.');
    expect(await page.locator(`#${await text.getAttribute('aria-describedby')}`).textContent()).toBe('Höchstens 5000 Zeichen.');
    await expect.poll(() => name.evaluate((el) => el === (el.ownerDocument as { activeElement: unknown }).activeElement)).toBe(true);
    expect(await add.getByLabel('Name (Deutsch)').getAttribute('aria-invalid')).toBeNull();
    await expectAccessible(page, 'console order messages with field errors');
    await context.close();
  });

  it('manages order messages in five languages: add, change, delete', async () => {
    const { context, page } = await signedIn(desk.adminEmail, PHONE, '/console/admin/order-messages');
    const add = page.locator('section', { has: page.getByRole('heading', { name: 'Add an order message' }) });
    await add.getByLabel('Name (English)').fill('Delay');
    await add.getByLabel('Name (Deutsch)').fill('Verspätung');
    await add.getByLabel('Message (English)').fill('Your order is delayed by two days.');
    await add.getByLabel('Message (Deutsch)').fill('Ihre Bestellung verspätet sich um zwei Tage.');
    await add.getByRole('button', { name: 'Create' }).click();
    const row = page.locator('.admin-list > li').filter({ hasText: 'Delay' });
    await expect.poll(() => row.count()).toBe(1);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBe(PHONE.width);
    await expectAccessible(page, 'console order messages 375 px');
    await row.getByRole('button', { name: 'Edit Delay' }).click();
    await row.getByLabel('Message (English)').fill('Your order is delayed by three days.');
    await row.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => row.textContent()).toContain('three days');
    page.once('dialog', (d) => void d.accept());
    await row.getByRole('button', { name: 'Delete Delay' }).click();
    await expect.poll(() => page.locator('main > .notice').textContent()).toBe('Order message deleted.');
    await context.close();
  });
});
