// The pages on the API's origin (SPEC §6a): files with their types and caching, page routes, nothing outside the folder.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb } from '../../web/build';
import { launchBrowser } from '../support/browser';
import { startTestDesk, type TestDesk } from '../support/harness';

let desk: TestDesk;
beforeAll(async () => {
  desk = await startTestDesk();
});
afterAll(async () => {
  await desk.close();
});

const get = (path: string, init?: RequestInit) => fetch(desk.url + path, { redirect: 'manual', ...init });

describe('the pages on the API’s origin (U1, U2)', () => {
  it('serves the embeddable form at a fixed address, as a module any shop’s origin may load', async () => {
    const res = await get('/contact-form.js', { headers: { origin: 'http://shop.example' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.text()).toContain('shopdesk-contact-form');
  });

  it('opens the thread page on /t/{id}, whose hashed assets are cached for good', async () => {
    const res = await get('/t/Qm9zc2VzAAAA');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await res.text();
    const script = /src="(\/assets\/thread-[A-Z0-9]+\.js)"/.exec(html)![1]!;
    const css = /href="(\/assets\/thread-[A-Z0-9]+\.css)"/.exec(html)![1]!;
    const js = await get(script);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await get(css)).headers.get('content-type')).toBe('text/css; charset=utf-8');
    const head = await get('/t/abc', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('opens the console on / and /console/…, with a CSP that runs only its own scripts (U3)', async () => {
    for (const path of ['/', '/console/', '/console/threads/abc', '/console/admin/options']) {
      const res = await get(path);
      expect([path, res.status]).toEqual([path, 200]);
      const html = await res.text();
      expect(html).toMatch(/src="\/assets\/console-[A-Z0-9]+\.js"/);
      const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)![1]!;
      expect(csp.split('; ')).toEqual(expect.arrayContaining(["default-src 'none'", "script-src 'self'", "base-uri 'none'", "object-src 'none'"]));
    }
  });

  it('keeps the console’s first load (HTML, script, styles) at most 150 KB gzipped', async () => {
    const build = await buildWeb(mkdtempSync(join(tmpdir(), 'shopdesk-build-')));
    const first = build.files.filter((f) => f.path === 'console.html' || /^assets\/console-[A-Z0-9]+\.(js|css)$/.test(f.path));
    expect(first).toHaveLength(3);
    const total = first.reduce((sum, f) => sum + f.gzipBytes, 0);
    console.info(`console first load: ${first.map((f) => `${f.path} ${f.gzipBytes} B`).join(', ')}; ${total} B gzipped`);
    expect(total).toBeLessThanOrEqual(150 * 1024);
  });

  it('loads each page in a browser without a failed request or a console error (no /favicon.ico 404)', async () => {
    const browser = await launchBrowser();
    try {
      for (const path of ['/console/', '/t/Qm9zc2VzAAAAAAAA#tc0000']) {
        const page = await browser.newPage();
        const failed: string[] = [];
        page.on('response', (r) => r.status() >= 400 && failed.push(`${r.status()} ${new URL(r.url()).pathname}`));
        page.on('console', (m) => m.type() === 'error' && failed.push(`${m.text()} ${m.location().url}`));
        await page.goto(desk.url + path, { waitUntil: 'networkidle' });
        // The thread page's unknown thread is the API's 404, as it should be; nothing else may fail.
        expect(failed.filter((f) => !f.includes('/v1/'))).toEqual([]);
        await page.close();
      }
    } finally {
      await browser.close();
    }
  });

  it('answers an unknown page with a 404 page, a write with 405, and never a file outside the folder', async () => {
    for (const path of ['/nothing', '/t/a/b', '/..%2fpackage.json', '/%2e%2e/%2e%2e/package.json', '/assets/..%2f..%2fpackage.json', '/%E0%A4%A']) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    }
    const post = await get('/t/abc', { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('leaves /v1/ to the API', async () => {
    const res = await get('/v1/nothing');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });

  it('keeps the form light: the script and the largest language weigh at most 15 KB gzipped', async () => {
    const build = await buildWeb(mkdtempSync(join(tmpdir(), 'shopdesk-build-')));
    const form = build.files.find((f) => f.path === 'contact-form.js')!;
    const languages = build.files.filter((f) => /^assets\/contact-form-(en|fr|de|es|ru)-/.test(f.path));
    expect(languages).toHaveLength(5);
    expect(form.gzipBytes + Math.max(...languages.map((l) => l.gzipBytes))).toBeLessThanOrEqual(15 * 1024);
  });
});
