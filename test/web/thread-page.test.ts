// The customer's thread page (U1, C7) in a real Chromium: the mail's link, messages, languages, answers with files, errors.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, PHONE, expectAccessible, launchBrowser, screenshot, threadPageLink } from '../support/browser';
import { startTestDesk, uniqueEmail, type TestDesk } from '../support/harness';
import { PDF, PNG, uploadFile } from '../support/uploads';

let desk: TestDesk;
let browser: Browser;
let files: string;

beforeAll(async () => {
  [desk, browser] = await Promise.all([startTestDesk(), launchBrowser()]);
  await desk.api.request('PUT', '/v1/settings', { body: { allowFileUpload: true } });
  files = mkdtempSync(join(tmpdir(), 'shopdesk-web-'));
});

afterAll(async () => {
  await browser?.close();
  await desk?.close();
});

function file(name: string, content: Buffer | string): string {
  const path = join(files, name);
  writeFileSync(path, content);
  return path;
}

/** A thread opened through the API's form in `lang`, with an agent's reply carrying a file and a private note. */
async function threadWithReply(lang: string, options: { reply?: string } = {}) {
  const email = uniqueEmail();
  await desk.api.request('PUT', '/v1/orders/XKBKNABJK', { body: { customerEmail: email, totalPaid: 59.9, currency: 'EUR', placedAt: '2026-11-20T14:03:00Z', state: 'Shipped' } });
  const uploadId = await uploadFile(desk.api, '/v1/public/uploads', 'photo.png', 'image/png', PNG);
  const res = await desk.api.post(
    '/v1/public/messages',
    { contactId: 'customer-service', email, name: 'Jeanne Client', orderReference: 'XKBKNABJK', message: 'Où est mon colis ?\nMerci.', lang, uploadIds: [uploadId] },
    null,
  );
  const threadId = res.body.threadId as string;
  await desk.api.post(`/v1/threads/${threadId}/notes`, { message: 'private: VIP customer' });
  const replyUpload = await uploadFile(desk.api, '/v1/uploads', 'invoice.pdf', 'application/pdf', PDF);
  await desk.api.post(`/v1/threads/${threadId}/replies`, { message: options.reply ?? 'Il part aujourd’hui.', uploadIds: [replyUpload] });
  const link = await threadPageLink(desk.sesUrl, email, 2);
  return { email, threadId, link };
}

async function open(viewport = DESKTOP): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  return { context, page: await context.newPage() };
}

describe('the thread page (U1)', { timeout: 90_000 }, () => {
  it('opens from the link in the mail: the token in the fragment, the public messages with their files, in the thread’s language', async () => {
    const { link, threadId } = await threadWithReply('fr');
    expect(link).toMatch(new RegExp(`^${desk.url}/t/${threadId}#[A-Za-z0-9_-]+$`));
    const { context, page } = await open();
    const requested: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    await page.goto(link);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Votre demande à Service client');
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    const messages = page.locator('.messages > li');
    await expect.poll(() => messages.count()).toBe(2);
    expect(await messages.nth(0).locator('.text').textContent()).toBe('Où est mon colis ?\nMerci.');
    expect(await messages.nth(0).locator('header strong').textContent()).toBe('Vous');
    expect(await messages.nth(1).locator('.text').textContent()).toBe('Il part aujourd’hui.');
    expect(await page.content()).not.toContain('VIP');
    expect(await page.locator('.meta').textContent()).toContain('XKBKNABJK');
    // Attachments are download links that really give the file.
    const pdf = messages.nth(1).locator('.attachments a');
    expect(await pdf.textContent()).toBe('invoice.pdf');
    const [download] = await Promise.all([page.waitForEvent('download'), pdf.click()]);
    expect(download.suggestedFilename()).toBe('invoice.pdf');
    // No request the page makes carries the token in its path: only the API calls have it, as their query.
    const token = link.split('#')[1]!;
    expect(requested.filter((u) => u.includes(token)).every((u) => new URL(u).pathname.startsWith('/v1/public/threads/'))).toBe(true);
    await expectAccessible(page, 'thread page 1440 px');
    await screenshot(page, 'thread-page');
    await context.close();
  });

  it('switches to each of the five languages', async () => {
    const { link } = await threadWithReply('de');
    const { context, page } = await open();
    await page.goto(link);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Ihre Anfrage an Kundenservice');
    const expected: Record<string, { button: string; answer: string; status: string }> = {
      en: { button: 'English', answer: 'Answer', status: 'Closed' },
      fr: { button: 'Français', answer: 'Répondre', status: 'Terminé' },
      de: { button: 'Deutsch', answer: 'Antworten', status: 'Erledigt' },
      es: { button: 'Español', answer: 'Responder', status: 'Cerrado' },
      ru: { button: 'Русский', answer: 'Ответить', status: 'Закрыта' },
    };
    for (const [lang, words] of Object.entries(expected)) {
      await page.getByRole('button', { name: words.button }).click();
      await expect.poll(() => page.locator('html').getAttribute('lang')).toBe(lang);
      expect(await page.locator('#answer-heading').textContent()).toBe(words.answer);
      expect(await page.locator('.meta').textContent()).toContain(words.status);
      expect(await page.getByRole('button', { name: words.button }).getAttribute('aria-pressed')).toBe('true');
    }
    await expectAccessible(page, 'thread page in Russian');
    await context.close();
  });

  it('lets the customer answer with a file at 375 px; the agent sees the answer and the file (C7)', async () => {
    const { link, threadId } = await threadWithReply('en', { reply: 'Could you send a photo of the label?' });
    const { context, page } = await open(PHONE);
    await page.goto(link);
    await page.locator('#answer').fill('Here is the label.');
    await page.locator('#answer-files').setInputFiles(file('label.png', PNG));
    expect(await page.locator('.file-list .file-name').textContent()).toBe('label.png');
    // Nothing is wider than the phone.
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
    await expectAccessible(page, 'thread page 375 px with a file');
    await screenshot(page, 'thread-page-phone');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => page.locator('.notice').textContent()).toBe('Your answer was sent. Thank you!');
    await expect.poll(() => page.locator('.messages > li').count()).toBe(3);
    expect(await page.locator('#answer').inputValue()).toBe('');
    const view = await desk.api.get(`/v1/threads/${threadId}`);
    const last = view.body.messages[view.body.messages.length - 1];
    expect(last.text).toBe('Here is the label.');
    expect(last.attachments.map((a: { fileName: string }) => a.fileName)).toEqual(['label.png']);
    expect(view.body.thread.status).toBe('open');
    await context.close();
  });

  it('says "this link is not valid" for a wrong token, an unknown thread and a link without its token', async () => {
    const { link, threadId } = await threadWithReply('en');
    const { context, page } = await open(PHONE);
    for (const bad of [`${desk.url}/t/${threadId}#AAAAAAAAAAAAAAAAAAAAAAAA`, `${desk.url}/t/nothread#${link.split('#')[1]}`, `${desk.url}/t/${threadId}`]) {
      await page.goto(bad);
      await expect.poll(() => page.locator('h1').textContent()).toBe('This link is not valid');
      expect(await page.locator('.messages').count()).toBe(0);
    }
    await expectAccessible(page, 'invalid link page');
    await screenshot(page, 'thread-page-invalid-link');
    await context.close();
  });

  it('refuses a file of another type or over the limit before any upload, with the API’s rules', async () => {
    const { link } = await threadWithReply('en');
    const { context, page } = await open();
    const uploads: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/v1/public/uploads')) uploads.push(r.url());
    });
    await page.goto(link);
    await page.locator('#answer-files').setInputFiles([{ name: 'setup.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ...') }, { name: 'huge.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(10 * 1024 * 1024 + 1) }]);
    const errors = page.locator('#answer-files-error');
    await expect.poll(() => errors.textContent()).toContain('“setup.exe” cannot be sent: allowed files are txt, rtf, doc, docx, pdf, zip, png, jpg, jpeg, gif, webp.');
    expect(await errors.textContent()).toContain('“huge.pdf” is too large: at most 10 MB.');
    expect(await page.locator('#answer-files').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('.file-list').count()).toBe(0);
    expect(uploads).toEqual([]);
    await context.close();
  });

  it('shows the API’s field error on the file whose content is not what its name says (problem+json)', async () => {
    const { link, threadId } = await threadWithReply('en');
    const { context, page } = await open();
    await page.goto(link);
    const before = (await desk.api.get(`/v1/threads/${threadId}`)).body.messages.length;
    await page.locator('#answer').fill('See the picture.');
    await page.locator('#answer-files').setInputFiles(file('picture.png', 'this is text, not a PNG'));
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => page.locator('.file.has-error .error').textContent()).toBe('The content is not a .png file.');
    expect(await page.locator('.form-error').textContent()).toBe('Please check the fields marked below.');
    expect(await page.locator('#answer').inputValue()).toBe('See the picture.');
    expect((await desk.api.get(`/v1/threads/${threadId}`)).body.messages).toHaveLength(before);
    await context.close();
  });

  it('asks for a message before sending, next to the field', async () => {
    const { link } = await threadWithReply('es');
    const { context, page } = await open();
    await page.goto(link);
    await page.getByRole('button', { name: 'Enviar' }).click();
    expect(await page.locator('#answer-error').textContent()).toBe('Escriba un mensaje, por favor.');
    expect(await page.locator('#answer').getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate<string>('document.activeElement.id')).toBe('answer');
    await context.close();
  });

  it('shows 429 as "try again in N minutes" and a lost connection as such, keeping what was written', async () => {
    const { link } = await threadWithReply('en');
    const { context, page } = await open();
    await page.goto(link);
    // The answer limit per thread is the API's (C7); here its answer is given to the page to see how it is told.
    await page.route('**/v1/public/threads/*/messages*', (route) =>
      route.fulfill({ status: 429, contentType: 'application/problem+json', headers: { 'retry-after': '420' }, body: JSON.stringify({ type: 'https://shopdesk.dev/problems/too-many-requests', title: 'Too Many Requests', status: 429 }) }),
    );
    await page.locator('#answer').fill('Hello again');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => page.locator('.form-error').textContent()).toBe('You have sent many messages in a short time. Please try again in 7 minutes.');
    await page.unroute('**/v1/public/threads/*/messages*');
    await page.route('**/v1/public/threads/*/messages*', (route) => route.abort('internetdisconnected'));
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => page.locator('.form-error').textContent()).toBe('The server could not be reached. Check your connection and send again.');
    expect(await page.locator('#answer').inputValue()).toBe('Hello again');
    await context.close();
  });

  it('offers no file field when uploads are off', async () => {
    const { link } = await threadWithReply('en');
    await desk.api.request('PUT', '/v1/settings', { body: { allowFileUpload: false } });
    try {
      const { context, page } = await open();
      await page.goto(link);
      await expect.poll(() => page.locator('#answer').count()).toBe(1);
      expect(await page.locator('#answer-files').count()).toBe(0);
      await context.close();
    } finally {
      await desk.api.request('PUT', '/v1/settings', { body: { allowFileUpload: true } });
    }
  });
});
