// Serves the built pages (web/) on the API's origin, as CloudFront does on AWS: files, then each page's own routes.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { pageFileFor } from '../web/build';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

export type WebHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** A handler for every path outside /v1/: a file of `dir`, the HTML of the page whose route matches, or a 404 page. */
export function webFiles(webDir: string): WebHandler {
  const dir = resolve(webDir);
  return async (req, res) => {
    const path = decodePath(new URL(req.url ?? '/', 'http://local').pathname);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
      res.end('Method Not Allowed\n');
      return;
    }
    const file = path === undefined ? undefined : ((await fileIn(dir, path)) ?? pageOf(dir, path));
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
      res.end(req.method === 'HEAD' ? undefined : '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not found</title></head><body><main><h1>Not found</h1><p>There is no page at this address.</p></main></body></html>\n');
      return;
    }
    const info = await stat(file);
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': info.size,
      // Files under assets/ carry a content hash; the rest (HTML, contact-form.js) must be fetched fresh.
      'cache-control': file.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
      // The contact form is a module script on shops' pages: other origins must be allowed to load it.
      'access-control-allow-origin': '*',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(file).pipe(res);
  };
}

function decodePath(path: string): string | undefined {
  try {
    return decodeURIComponent(path);
  } catch {
    return undefined;
  }
}

/** A regular file inside dir; never one outside it (../, encoded or not). */
async function fileIn(dir: string, path: string): Promise<string | undefined> {
  if (path.includes('\0')) return undefined;
  const full = normalize(join(dir, path));
  if (!full.startsWith(dir + sep)) return undefined;
  const info = await stat(full).catch(() => undefined);
  return info?.isFile() ? full : undefined;
}

function pageOf(dir: string, path: string): string | undefined {
  const page = pageFileFor(path);
  return page ? join(dir, page) : undefined;
}
