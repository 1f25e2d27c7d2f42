// The web-page harness (U5): Debian's Chromium driven by playwright-core, axe checks, a second origin, screenshots.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { waitForMails } from './harness';

export const CHROMIUM = '/usr/bin/chromium';

/** Playwright's own browser download cannot work here: the tests use Debian's package, installed when root. */
export function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return;
  if (process.getuid?.() !== 0) throw new Error('Chromium is missing. Install it with: sudo apt-get install -y chromium');
  execFileSync('bash', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium'], { stdio: 'inherit' });
}

/** One browser per test file; each test opens its own context (cookies, storage, viewport). */
export async function launchBrowser(): Promise<Browser> {
  ensureChromium();
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

export const PHONE = { width: 375, height: 740 };
export const DESKTOP = { width: 1440, height: 900 };

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** Runs axe-core on the page as it is now; fails on any serious or critical violation, naming each. */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const bad: AxeFinding[] = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact!, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  if (bad.length > 0) throw new Error(`axe on ${label}: ${bad.length} serious/critical violation(s):\n${bad.map((b) => `- ${b.impact} ${b.id}: ${b.help} at ${b.targets.join(', ')}`).join('\n')}`);
}

/** Writes docs/screenshots/{name}.png, only when SHOPDESK_SCREENSHOTS=1 (CI leaves the tree alone). */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.SHOPDESK_SCREENSHOTS !== '1') return;
  const dir = join(import.meta.dirname, '..', '..', 'docs', 'screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

/** Computed CSS properties of the element (camelCase names, e.g. backgroundColor), as the browser resolved them. */
export function computedStyle(locator: Locator, names: string[]): Promise<Record<string, string>> {
  // Runs in the page; the test code is compiled without the DOM's types, hence the narrow cast.
  return locator.evaluate((element, props) => {
    const style = (globalThis as unknown as { getComputedStyle(e: unknown): Record<string, string> }).getComputedStyle(element);
    return Object.fromEntries(props.map((p) => [p, style[p]!]));
  }, names);
}

export interface HostPage {
  /** The second origin, e.g. http://127.0.0.1:41234 (a port other than the desk's). */
  origin: string;
  /** Serves `html` at `path` from now on. */
  serve(path: string, html: string): string;
  close(): Promise<void>;
}

/** A shop's site on another origin, to embed the contact form the way a shop does. */
export async function startHostPage(): Promise<HostPage> {
  const pages = new Map<string, string>();
  const server = createServer((req, res) => {
    const html = pages.get((req.url ?? '/').split('?')[0]!);
    res.writeHead(html ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    origin,
    serve: (path, html) => {
      pages.set(path, html);
      return origin + path;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A shop page that embeds the form as the README shows. */
export function shopPageWithForm(deskUrl: string, attributes: Record<string, string>, head = ''): string {
  const attrs = Object.entries(attributes)
    .map(([k, v]) => ` ${k}="${v.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`)
    .join('');
  return `<!doctype html>
<html lang="${attributes.lang ?? 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>A shop — contact</title>
<script type="module" src="${deskUrl}/contact-form.js"></script>
${head}
</head>
<body>
<main style="max-width:42rem;margin:0 auto;padding:1rem;font-family:Georgia,serif">
<h1>Contact the shop</h1>
<shopdesk-contact-form api="${deskUrl}"${attrs}></shopdesk-contact-form>
</main>
</body>
</html>`;
}

/** The thread page's link in the latest mail the desk sent to this customer (confirmation or reply). */
export async function threadPageLink(sesUrl: string, email: string, mails = 1): Promise<string> {
  const sent = await waitForMails(sesUrl, email, mails);
  const text = sent[sent.length - 1]!.parsed.text ?? '';
  const link = /(https?:\/\/\S+\/t\/[A-Za-z0-9_-]+#[A-Za-z0-9_-]+)/.exec(text)?.[1];
  if (!link) throw new Error(`no thread page link in the mail to ${email}: ${text.slice(0, 300)}`);
  return link;
}
