// The console's saved replies screen (U4, T3) in a real Chromium against npm start's stack: an agent keeps the team's
// replies there, inserts one into a thread's answer filled in the thread's language, changes and deletes it; the API's
// field errors show next to their fields.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, PHONE, expectAccessible, launchBrowser, screenshot } from '../support/browser';
import { signInCode, startTestDesk, unique, uniqueEmail, type TestDesk } from '../support/harness';

let desk: TestDesk;
let browser: Browser;
const agent = { email: uniqueEmail('agent'), name: 'Alex Agent' };

beforeAll(async () => {
  [desk, browser] = await Promise.all([startTestDesk({ env: { SIGNINS_PER_EMAIL: '1000' } }), launchBrowser()]);
  expect((await desk.api.post('/v1/employees', { name: agent.name, email: agent.email, role: 'agent', lang: 'en' })).status).toBe(201);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await desk?.close();
});

async function signedIn(email: string, viewport = DESKTOP): Promise<{ context: BrowserContext; page: Page }> {
  const code = await signInCode(desk, email);
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await page.goto(`${desk.url}/console/#code=${code}`);
  await page.getByRole('button', { name: /^(Sign out|Se déconnecter|Abmelden|Cerrar sesión|Выйти)$/ }).waitFor();
  return { context, page };
}

/** A German-speaking customer's thread from the contact form, with an order reference the shop has not pushed. */
async function germanThread(orderReference: string) {
  const res = await desk.api.post(
    '/v1/public/messages',
    { contactId: 'customer-service', email: uniqueEmail(), name: 'Jana Kundin', orderReference, message: 'Wo ist mein Paket?', lang: 'de' },
    null,
  );
  expect(res.status).toBe(201);
  return res.body.threadId as string;
}

describe('the saved replies screen (U4, T3)', { timeout: 180_000 }, () => {
  it('creates a saved reply, inserts it into a thread’s answer with its placeholders filled in the thread’s language, changes it and deletes it (T3)', async () => {
    const name = unique('Parcel left ');
    const reference = unique('B-').toUpperCase();
    const { context, page } = await signedIn(agent.email);
    await page.getByRole('navigation').getByRole('link', { name: 'Saved replies' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Saved replies');
    expect(await page.locator('.placeholders dt').allTextContents()).toEqual(['{customerName}', '{firstName}', '{lastName}', '{email}', '{orderReference}']);

    const add = page.locator('section', { has: page.getByRole('heading', { name: 'Add a saved reply' }) });
    await add.getByLabel('Name (English)').fill(name);
    await add.getByLabel('Name (Deutsch)').fill('Paket unterwegs');
    await add.getByLabel('Text (English)').fill('Dear {customerName}, order {orderReference} left today.');
    await add.getByLabel('Text (Deutsch)').fill('Hallo {customerName}, die Bestellung {orderReference} ist heute losgegangen.');
    await add.getByRole('button', { name: 'Create' }).click();
    const row = page.locator('.admin-list > li').filter({ hasText: name });
    await expect.poll(() => row.count()).toBe(1);
    expect(await page.locator('main > .notice').textContent()).toBe('Saved.');
    expect(await add.getByLabel('Name (English)').inputValue()).toBe('');
    const stored = (await desk.api.get('/v1/saved-replies')).body.items.find((r: { name: { en: string } }) => r.name.en === name);
    expect(stored).toMatchObject({ name: { en: name, de: 'Paket unterwegs' }, text: { en: 'Dear {customerName}, order {orderReference} left today.' } });
    await expectAccessible(page, 'console saved replies');
    await screenshot(page, 'console-saved-replies');

    const threadId = await germanThread(reference);
    await page.goto(`${desk.url}/console/threads/${threadId}`);
    await page.getByLabel('Insert a saved reply').selectOption({ label: name });
    await page.getByRole('button', { name: 'Insert' }).last().click();
    const answer = page.getByRole('textbox', { name: 'Message', exact: true });
    await expect.poll(() => answer.inputValue()).toContain(`Hallo Jana Kundin, die Bestellung ${reference} ist heute losgegangen.`);
    expect(await page.locator('.hint.warning').count()).toBe(0);

    await page.getByRole('navigation').getByRole('link', { name: 'Saved replies' }).click();
    await row.getByRole('button', { name: `Edit ${name}` }).click();
    await row.getByLabel('Text (English)').fill('Dear {customerName}, order {orderReference} left this morning.');
    await row.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => row.textContent()).toContain('left this morning.');
    const changed = (await desk.api.get('/v1/saved-replies')).body.items.find((r: { id: string }) => r.id === stored.id);
    expect(changed.text).toEqual({ en: 'Dear {customerName}, order {orderReference} left this morning.', de: 'Hallo {customerName}, die Bestellung {orderReference} ist heute losgegangen.' });

    page.once('dialog', (d) => void d.accept());
    await row.getByRole('button', { name: `Delete ${name}` }).click();
    await expect.poll(() => page.locator('main > .notice').textContent()).toBe('Saved reply deleted.');
    await expect.poll(() => row.count()).toBe(0);
    expect((await desk.api.get('/v1/saved-replies')).body.items.map((r: { id: string }) => r.id)).not.toContain(stored.id);
    await context.close();
  });

  it('shows the API’s field errors next to their fields, in the console’s language, and saves nothing (T3)', async () => {
    const { context, page } = await signedIn(desk.adminEmail, PHONE);
    await page.getByLabel('Language').selectOption('fr');
    await page.getByRole('navigation').getByRole('link', { name: 'Réponses enregistrées' }).click();
    const add = page.locator('section', { has: page.getByRole('heading', { name: 'Ajouter une réponse enregistrée' }) });
    await add.getByLabel('Nom (English)').fill('x'.repeat(129));
    await add.getByLabel('Texte (Français)').fill('Bonjour {customerName}');
    const before = (await desk.api.get('/v1/saved-replies')).body.items.length;
    const refused = page.waitForResponse((r) => r.url().endsWith('/v1/saved-replies') && r.request().method() === 'POST');
    await add.getByRole('button', { name: 'Créer' }).click();
    const problem = await (await refused).json();
    expect(problem.errors.map((e: { field: string }) => e.field).sort()).toEqual(['name.en', 'text.en']);
    const name = add.getByLabel('Nom (English)');
    const text = add.getByLabel('Texte (English)');
    await expect.poll(() => name.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator(`#${await name.getAttribute('aria-describedby')}`).textContent()).toBe('128 caractères au plus.');
    expect(await text.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator(`#${await text.getAttribute('aria-describedby')}`).textContent()).toBe('Obligatoire.');
    expect(await add.locator('.notice.error').textContent()).toBe('Vérifiez les champs indiqués.');
    expect(await name.evaluate((el) => el === (el.ownerDocument as { activeElement: unknown }).activeElement)).toBe(true);
    expect(await add.getByLabel('Texte (Français)').getAttribute('aria-invalid')).toBeNull();
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBe(PHONE.width);
    await expectAccessible(page, 'console saved replies with field errors, 375 px');
    expect((await desk.api.get('/v1/saved-replies')).body.items).toHaveLength(before);
    await context.close();
  });
});
