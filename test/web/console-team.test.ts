// The console's team work (U3, T1–T7) in a real Chromium against npm start's stack: assignment and tags, saved replies
// with Cc and Bcc, the customer's other threads, the audit trail, and a customer's data for admins.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, PHONE, expectAccessible, launchBrowser } from '../support/browser';
import { mailsTo, signInCode, startTestDesk, uniqueEmail, waitFor, waitForMails, type TestDesk } from '../support/harness';

let desk: TestDesk;
let browser: Browser;
const agent = { id: '', email: uniqueEmail('agent'), name: 'Alex Agent' };
const colleague = { id: '', email: uniqueEmail('colleague'), name: 'Camille Colleague' };

beforeAll(async () => {
  [desk, browser] = await Promise.all([startTestDesk({ env: { SIGNINS_PER_EMAIL: '1000' } }), launchBrowser()]);
  agent.id = (await desk.api.post('/v1/employees', { name: agent.name, email: agent.email, role: 'agent', lang: 'en' })).body.id;
  colleague.id = (await desk.api.post('/v1/employees', { name: colleague.name, email: colleague.email, role: 'agent', lang: 'de' })).body.id;
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await desk?.close();
});

async function customerThread(options: { email?: string; message?: string; lang?: string; name?: string; orderReference?: string } = {}) {
  const email = options.email ?? uniqueEmail();
  const res = await desk.api.post(
    '/v1/public/messages',
    { contactId: 'customer-service', email, name: options.name ?? 'Jeanne Client', message: options.message ?? 'Where is my parcel?', lang: options.lang ?? 'en', ...(options.orderReference ? { orderReference: options.orderReference } : {}) },
    null,
  );
  expect(res.status).toBe(201);
  return { id: res.body.threadId as string, email };
}

async function signedIn(email: string, path: string, viewport = DESKTOP): Promise<{ context: BrowserContext; page: Page }> {
  const code = await signInCode(desk, email);
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(`${desk.url}/console/#code=${code}`);
  await page.getByRole('button', { name: /^(Sign out|Se déconnecter|Abmelden|Cerrar sesión|Выйти)$/ }).waitFor();
  await page.goto(desk.url + path);
  return { context, page };
}

describe('team work in the console (U3, T1–T7)', { timeout: 180_000 }, () => {
  it('assigns a thread and tags it; the assignee is mailed, the list shows mine and the tag, the timeline says who did it (T1, T2, T5)', async () => {
    const thread = await customerThread({ message: 'My parcel is late.' });
    const { context, page } = await signedIn(agent.email, `/console/threads/${thread.id}`);
    await page.getByLabel('In charge').selectOption({ label: colleague.name });
    await page.getByRole('textbox', { name: 'Tags' }).fill('VIP, late delivery');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.locator('.thread-head .notice').textContent()).toBe('Assignment and tags saved.');
    await expect.poll(() => page.locator('.meta').first().textContent()).toContain(colleague.name);
    await expect.poll(() => page.locator('.timeline').textContent()).toContain(`${agent.name} put ${colleague.name} in charge`);
    expect(await page.locator('.timeline').textContent()).toContain(`${agent.name} changed the tags: +late-delivery +vip`);
    expect(await page.getByRole('textbox', { name: 'Tags' }).inputValue()).toBe('late-delivery, vip');
    const [mail] = await waitForMails(desk.sesUrl, colleague.email, 1);
    expect(mail!.subject).toBe(`${agent.name} hat Ihnen eine Kundendiskussion zugewiesen`);
    await expectAccessible(page, 'thread with assignment and tags');

    await page.goto(`${desk.url}/console/threads?tag=late-delivery`);
    await expect.poll(() => page.locator('table.threads tbody tr').count()).toBe(1);
    expect(await page.locator('table.threads tbody tr').textContent()).toContain('#late-delivery #vip');
    await context.close();

    const mine = await signedIn(colleague.email, '/console/');
    await expect.poll(() => mine.page.locator('.assignment').textContent()).toMatch(/1/);
    await mine.page.locator('.assignment a').first().click();
    await expect.poll(() => mine.page.locator('table.threads tbody tr').count()).toBe(1);
    expect(await mine.page.locator('table.threads tbody tr a').first().textContent()).toBe(thread.id);
    await mine.context.close();
  });

  it('inserts a saved reply filled for the thread in its language and sends it with Cc and Bcc (T3, T6)', async () => {
    await desk.api.post('/v1/saved-replies', { name: { en: 'On its way', fr: 'En route' }, text: { en: 'Dear {customerName}, it left today.', fr: 'Bonjour {customerName}, la commande {orderReference} est partie.' } });
    const thread = await customerThread({ lang: 'fr', name: 'Jeanne Client', message: 'Où est mon colis ?' });
    const { context, page } = await signedIn(agent.email, `/console/threads/${thread.id}`);
    await page.getByLabel('Insert a saved reply').selectOption({ label: 'On its way' });
    await page.getByRole('button', { name: 'Insert' }).last().click();
    await expect.poll(() => page.getByRole('textbox', { name: 'Message', exact: true }).inputValue()).toContain('Bonjour Jeanne Client, la commande {orderReference} est partie.');
    expect(await page.locator('.hint.warning').textContent()).toBe('Fill in by hand: {orderReference}.');
    // The caret was never placed: the reply goes between the default message's greeting and its signature.
    expect(await page.getByRole('textbox', { name: 'Message', exact: true }).inputValue()).toBe(
      'Cher client,\n\nBonjour Jeanne Client, la commande {orderReference} est partie.\n\nCordialement,\nLe service client',
    );
    const text = (await page.getByRole('textbox', { name: 'Message', exact: true }).inputValue()).replace('{orderReference}', 'A-1');
    await page.getByRole('textbox', { name: 'Message', exact: true }).fill(text);
    await page.getByRole('textbox', { name: 'Cc', exact: true }).fill('carrier@example.com');
    await page.getByRole('textbox', { name: 'Bcc', exact: true }).fill('boss@shop.test');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => page.locator('.message.employee').count()).toBe(1);
    expect(await page.locator('.message.employee header').textContent()).toContain('Cc: carrier@example.com');
    const sent = await waitFor(async () => (await mailsTo(desk.sesUrl, thread.email)).find((m) => m.parsed.text?.includes('A-1')));
    expect(sent.parsed.cc).toMatchObject({ value: [{ address: 'carrier@example.com' }] });
    expect(sent.raw.toString()).not.toContain('boss@shop.test');
    await context.close();
  });

  it('lists the customer’s other threads, and lets an admin export and erase the customer’s data (T4, T7)', async () => {
    const email = uniqueEmail('history');
    const older = await customerThread({ email, message: 'First question' });
    const newer = await customerThread({ email, orderReference: 'H-2', message: 'About order H-2' });
    const asAgent = await signedIn(agent.email, `/console/threads/${newer.id}`);
    await expect.poll(() => asAgent.page.locator('.history li').count()).toBe(1);
    expect(await asAgent.page.locator('.history li').textContent()).toContain('First question');
    expect(await asAgent.page.getByRole('button', { name: 'Erase all data…' }).count()).toBe(0);
    await asAgent.page.locator('.history a').click();
    await expect.poll(() => asAgent.page.url()).toBe(`${desk.url}/console/threads/${older.id}`);
    await asAgent.context.close();

    const { context, page } = await signedIn(desk.adminEmail, `/console/threads/${newer.id}`, PHONE);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export (JSON)' }).click();
    const file = await download;
    const exported = JSON.parse(await (await file.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8')));
    expect(exported.threads.map((t: { id: string }) => t.id).sort()).toEqual([older.id, newer.id].sort());
    await page.getByRole('button', { name: 'Erase all data…' }).click();
    expect(await page.getByRole('alertdialog').textContent()).toContain(email);
    await expectAccessible(page, 'customer data, confirming erasure');
    await page.getByRole('button', { name: 'Erase for good' }).click();
    await expect.poll(() => page.locator('.customer-data .notice').textContent()).toBe('Erased: 2 threads.');
    expect((await desk.api.get(`/v1/threads/${newer.id}`)).status).toBe(404);
    await context.close();
  });
});
