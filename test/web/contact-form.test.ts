// The embeddable contact form (U2, C2–C7) in a real Chromium, on a shop's page of another origin, end to end.
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, PHONE, computedStyle, expectAccessible, launchBrowser, screenshot, shopPageWithForm, startHostPage, threadPageLink, type HostPage } from '../support/browser';
import { startTestDesk, uniqueEmail, type TestDesk } from '../support/harness';
import { PDF, PNG } from '../support/uploads';

let desk: TestDesk;
let browser: Browser;
let shop: HostPage;

beforeAll(async () => {
  // The shop's site is another origin, and the only one the desk allows (CORS_ORIGINS), as a deployment would.
  shop = await startHostPage();
  [desk, browser] = await Promise.all([startTestDesk({ env: { CORS_ORIGINS: shop.origin } }), launchBrowser()]);
  await desk.api.request('PUT', '/v1/settings', { body: { allowFileUpload: true } });
});

afterAll(async () => {
  await browser?.close();
  await desk?.close();
  await shop?.close();
});

let pages = 0;
/** A new context on a shop page that embeds the form with these attributes. */
async function openForm(attributes: Record<string, string>, options: { viewport?: { width: number; height: number }; head?: string } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const url = shop.serve(`/contact-${++pages}.html`, shopPageWithForm(desk.url, attributes, options.head));
  const context = await browser.newContext({ viewport: options.viewport ?? DESKTOP });
  const page = await context.newPage();
  await page.goto(url);
  await page.locator('shopdesk-contact-form select#contactId').waitFor();
  return { context, page };
}

const field = (page: Page, id: string) => page.locator(`shopdesk-contact-form #${id}`);
const formText = (page: Page, selector: string) => page.locator(`shopdesk-contact-form ${selector}`).textContent();

async function fill(page: Page, values: { email: string; message: string; name?: string; orderReference?: string; contactId?: string }) {
  if (values.contactId) await field(page, 'contactId').selectOption(values.contactId);
  await field(page, 'email').fill(values.email);
  if (values.name) await field(page, 'name').fill(values.name);
  if (values.orderReference) await field(page, 'orderReference').fill(values.orderReference);
  await field(page, 'message').fill(values.message);
}

const submits = (page: Page): Request[] => {
  const seen: Request[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/v1/public/messages') && r.method() === 'POST') seen.push(r);
  });
  return seen;
};

const customerMessages = async (threadId: string) => ((await desk.api.get(`/v1/threads/${threadId}`)).body.messages as { kind: string }[]).filter((m) => m.kind === 'customer');

describe('the embeddable contact form (U2)', { timeout: 120_000 }, () => {
  it('a customer writes with a file from the shop’s page, follows the mail’s link, answers with a file; the agent sees it all', async () => {
    const email = uniqueEmail('jeanne');
    const { context, page } = await openForm({ lang: 'fr' });
    const sent = submits(page);
    expect(await field(page, 'contactId').locator('option').allTextContents()).toEqual(['Webmaster', 'Service client']);
    await fill(page, { contactId: 'customer-service', email, name: 'Jeanne Client', message: 'Mon colis est arrivé abîmé.\nVoici une photo.' });
    await field(page, 'files').setInputFiles({ name: 'colis.png', mimeType: 'image/png', buffer: PNG });
    expect(await formText(page, '.file-name')).toBe('colis.png');
    await expectAccessible(page, 'contact form 1440 px');
    await screenshot(page, 'contact-form');
    await page.locator('shopdesk-contact-form button[type=submit]').click();
    await expect.poll(() => formText(page, '.success h2')).toBe('Merci, votre message a bien été envoyé.');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.headers()['idempotency-key']).toMatch(/^[0-9a-f]{32}$/);
    await expectAccessible(page, 'contact form success');
    await context.close();

    // The confirmation mail links to the thread page, which shows the message and its file in French.
    const link = await threadPageLink(desk.sesUrl, email);
    const threadId = new URL(link).pathname.split('/')[2]!;
    const customer = await browser.newContext({ viewport: DESKTOP });
    const thread = await customer.newPage();
    await thread.goto(link);
    await expect.poll(() => thread.locator('h1').textContent()).toBe('Votre demande à Service client');
    expect(await thread.locator('.messages .text').first().textContent()).toBe('Mon colis est arrivé abîmé.\nVoici une photo.');
    expect(await thread.locator('.messages .attachments a').first().textContent()).toBe('colis.png');
    await thread.locator('#answer').fill('Et voici la facture.');
    await thread.locator('#answer-files').setInputFiles({ name: 'facture.pdf', mimeType: 'application/pdf', buffer: PDF });
    await thread.getByRole('button', { name: 'Envoyer' }).click();
    await expect.poll(() => thread.locator('.notice').textContent()).toBe('Votre réponse a été envoyée. Merci !');
    await customer.close();

    const view = (await desk.api.get(`/v1/threads/${threadId}`)).body;
    expect(view.thread.email).toBe(email);
    expect(view.thread.lang).toBe('fr');
    const texts = view.messages.map((m: { text: string; attachments: { fileName: string }[] }) => [m.text, m.attachments.map((a) => a.fileName)]);
    expect(texts).toEqual([
      ['Mon colis est arrivé abîmé.\nVoici une photo.', ['colis.png']],
      ['Et voici la facture.', ['facture.pdf']],
    ]);
  });

  it('fits a 375 px phone', async () => {
    const { context, page } = await openForm({ lang: 'en' }, { viewport: PHONE });
    await field(page, 'email').fill('not-yet@example.com');
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
    await expectAccessible(page, 'contact form 375 px');
    await screenshot(page, 'contact-form-phone');
    await context.close();
  });

  it('speaks the five languages: labels, the contacts from the API, errors', async () => {
    const words: Record<string, { email: string; contact: string; send: string; emailError: string }> = {
      en: { email: 'Your e-mail address', contact: 'Customer service', send: 'Send', emailError: 'Please enter a valid e-mail address, such as name@example.com.' },
      fr: { email: 'Votre adresse e-mail', contact: 'Service client', send: 'Envoyer', emailError: 'Veuillez saisir une adresse e-mail valide, par exemple nom@exemple.fr.' },
      de: { email: 'Ihre E-Mail-Adresse', contact: 'Kundenservice', send: 'Senden', emailError: 'Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@beispiel.de.' },
      es: { email: 'Su dirección de correo', contact: 'Servicio al cliente', send: 'Enviar', emailError: 'Introduzca una dirección de correo válida, como nombre@ejemplo.es.' },
      ru: { email: 'Ваш e-mail', contact: 'Служба поддержки', send: 'Отправить', emailError: 'Введите действительный адрес e-mail, например name@example.com.' },
    };
    for (const [lang, w] of Object.entries(words)) {
      const { context, page } = await openForm({ lang });
      expect(await formText(page, 'label[for=email]')).toBe(w.email);
      expect(await field(page, 'contactId').locator('option').nth(1).textContent()).toBe(w.contact);
      expect(await formText(page, 'button[type=submit]')).toBe(w.send);
      // The API refuses the address (problem+json); the form says why in the customer's language.
      await fill(page, { email: 'jeanne@', message: 'Bonjour' });
      await page.locator('shopdesk-contact-form button[type=submit]').click();
      await expect.poll(() => formText(page, '#email-error')).toBe(w.emailError);
      if (lang === 'ru') await expectAccessible(page, 'contact form in Russian with an error');
      await context.close();
    }
  });

  it('shows each field error of the API next to its field, and moves the focus to the first', async () => {
    const { context, page } = await openForm({ lang: 'en' });
    await fill(page, { email: 'jane@example', orderReference: 'ORDER 12!', message: 'Hello' });
    await page.locator('shopdesk-contact-form button[type=submit]').click();
    await expect.poll(() => formText(page, '#orderReference-error')).toBe('An order reference has letters, digits and # _ . - only (at most 64).');
    expect(await formText(page, '#email-error')).toBe('Please enter a valid e-mail address, such as name@example.com.');
    expect(await field(page, 'email').getAttribute('aria-invalid')).toBe('true');
    expect(await field(page, 'email').getAttribute('aria-describedby')).toBe('email-error');
    expect(await formText(page, '.form-error')).toBe('Please check the fields marked below.');
    expect(await page.evaluate<string>('document.querySelector("shopdesk-contact-form").shadowRoot.activeElement.id')).toBe('email');
    await expectAccessible(page, 'contact form with field errors');
    await context.close();
  });

  it('asks for the e-mail and the message before sending anything', async () => {
    const { context, page } = await openForm({ lang: 'de' });
    const sent = submits(page);
    await page.locator('shopdesk-contact-form button[type=submit]').click();
    expect(await formText(page, '#email-error')).toBe('Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@beispiel.de.');
    expect(await formText(page, '#message-error')).toBe('Bitte schreiben Sie eine Nachricht.');
    expect(sent).toEqual([]);
    await context.close();
  });

  it('explains 429 with the minutes to wait (C6)', async () => {
    const email = uniqueEmail();
    for (let i = 0; i < 5; i++) {
      const res = await desk.api.post('/v1/public/messages', { contactId: 'customer-service', email, message: `Message ${i}`, lang: 'es' }, null);
      expect(res.status).toBe(201);
    }
    const { context, page } = await openForm({ lang: 'es' });
    await fill(page, { email, message: 'Otra vez' });
    await page.locator('shopdesk-contact-form button[type=submit]').click();
    await expect.poll(() => formText(page, '.form-error')).toMatch(/^Ha enviado muchos mensajes en poco tiempo\. Inténtelo de nuevo dentro de ([1-9]|10) minutos?\.$/);
    expect(await field(page, 'message').inputValue()).toBe('Otra vez');
    await context.close();
  });

  it('explains a message too large to send (413)', async () => {
    const { context, page } = await openForm({ lang: 'en' });
    await fill(page, { email: uniqueEmail(), message: '📦'.repeat(20_000) });
    await page.locator('shopdesk-contact-form button[type=submit]').click();
    await expect.poll(() => formText(page, '.form-error')).toBe('Your message is too long to be sent. Please shorten it.');
    await context.close();
  });

  it('sends a retry of the same attempt with the same Idempotency-Key: one message; a new attempt gets a new key', async () => {
    const email = uniqueEmail();
    const { context, page } = await openForm({ lang: 'en' });
    const sent = submits(page);
    // The first send reaches the desk, but the connection drops before the answer arrives.
    await page.route('**/v1/public/messages', async (route) => {
      await route.fetch();
      await route.abort('connectionreset');
    });
    await fill(page, { contactId: 'customer-service', email, message: 'Is my order shipped?' });
    await page.locator('shopdesk-contact-form button[type=submit]').click();
    await expect.poll(() => formText(page, '.form-error')).toBe('The server could not be reached. Check your connection and send again.');
    await page.unroute('**/v1/public/messages');
    await page.locator('shopdesk-contact-form button[type=submit]').click();
    await expect.poll(() => formText(page, '.success h2')).toBe('Thank you, your message has been sent.');
    const threads = (await desk.api.get(`/v1/threads?email=${encodeURIComponent(email)}`)).body.items;
    expect(threads).toHaveLength(1);
    expect(await customerMessages(threads[0].id)).toHaveLength(1);
    await page.locator('shopdesk-contact-form .success button').click();
    await field(page, 'message').fill('And another question.');
    await page.locator('shopdesk-contact-form button[type=submit]').click();
    await expect.poll(() => formText(page, '.success h2')).toBe('Thank you, your message has been sent.');
    const keys = sent.map((r) => r.headers()['idempotency-key']);
    expect(keys).toHaveLength(3);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).not.toBe(keys[0]);
    await context.close();
  });

  it('answers a robot that fills the honeypot like a person, and stores nothing (C6)', async () => {
    const email = uniqueEmail('robot');
    const { context, page } = await openForm({ lang: 'en' });
    await fill(page, { email, message: 'Buy cheap watches' });
    await field(page, 'website').fill('http://spam.example', { force: true });
    await page.locator('shopdesk-contact-form button[type=submit]').click();
    await expect.poll(() => formText(page, '.success h2')).toBe('Thank you, your message has been sent.');
    expect((await desk.api.get(`/v1/threads?email=${encodeURIComponent(email)}`)).body.items).toEqual([]);
    await context.close();
  });

  it('refuses a file of another type before any upload, and offers no file field when uploads are off', async () => {
    const { context, page } = await openForm({ lang: 'en' });
    const uploads: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/uploads')) uploads.push(r.url());
    });
    await field(page, 'files').setInputFiles({ name: 'invoice.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ') });
    await expect.poll(() => formText(page, '#files-error')).toBe('“invoice.exe” cannot be sent: allowed files are txt, rtf, doc, docx, pdf, zip, png, jpg, jpeg, gif, webp.');
    expect(uploads).toEqual([]);
    await context.close();
    await desk.api.request('PUT', '/v1/settings', { body: { allowFileUpload: false } });
    try {
      const off = await openForm({ lang: 'en' });
      expect(await field(off.page, 'files').count()).toBe(0);
      await off.context.close();
    } finally {
      await desk.api.request('PUT', '/v1/settings', { body: { allowFileUpload: true } });
    }
  });

  it('is themed by CSS custom properties and ::part, and no style crosses the Shadow DOM either way', async () => {
    const head = `<style>
      shopdesk-contact-form { --shopdesk-accent: rgb(128, 0, 64); --shopdesk-radius: 0px; }
      shopdesk-contact-form::part(label) { text-transform: uppercase; }
      label, button { color: rgb(0, 200, 0) !important; background: rgb(255, 255, 0) !important; }
    </style>`;
    const { context, page } = await openForm({ lang: 'en' }, { head });
    const submit = page.locator('shopdesk-contact-form button[type=submit]');
    expect(await computedStyle(submit, ['backgroundColor', 'borderTopLeftRadius', 'color'])).toEqual({ backgroundColor: 'rgb(128, 0, 64)', borderTopLeftRadius: '0px', color: 'rgb(255, 255, 255)' });
    expect(await computedStyle(page.locator('shopdesk-contact-form label[for=email]'), ['textTransform'])).toEqual({ textTransform: 'uppercase' });
    // The form's own rules (a 600 weight on labels) stay inside: the shop's heading keeps its weight.
    expect(await computedStyle(page.locator('main > h1'), ['fontWeight'])).toEqual({ fontWeight: '700' });
    await context.close();
  });
});
