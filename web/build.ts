// Bundles the pages of web/ with esbuild into one folder of static files: what `npm start` serves and S3 holds.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, transform, type BuildOptions, type Metafile, type Plugin } from 'esbuild';

const WEB = import.meta.dirname;

/** A page: an HTML shell around one bundle, opened on the paths its pattern matches. */
export interface Page {
  name: string;
  entry: string;
  title: string;
  /** Paths (outside /v1/) that open this page's HTML; the page reads the rest of the path itself. */
  routes: RegExp[];
  /** A Content-Security-Policy for the page, as a meta element (the same on npm start and behind CloudFront). */
  csp?: string;
}

/**
 * The console holds a session token: only its own scripts run, it talks to its own origin and to storage (presigned
 * uploads: any https origin, and the local stand-in), and a mail's HTML in its sandboxed frames loads nothing from outside.
 */
const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self' https: http://127.0.0.1:* http://localhost:*",
  "frame-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');

export const PAGES: Page[] = [
  { name: 'thread', entry: 'thread/main.tsx', title: 'Your request', routes: [/^\/t\/[^/]+\/?$/] },
  { name: 'console', entry: 'console/main.tsx', title: 'ShopDesk console', routes: [/^\/$/, /^\/console(\/.*)?$/], csp: CONSOLE_CSP },
];

/** Scripts that other sites embed by a fixed URL, so never renamed by content. */
export const EMBEDS = [{ name: 'contact-form', entry: 'contact-form/main.tsx' }];

export interface BuiltFile {
  path: string;
  bytes: number;
  gzipBytes: number;
}

export interface WebBuild {
  outDir: string;
  files: BuiltFile[];
}

const common: BuildOptions = {
  absWorkingDir: WEB,
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['es2022', 'chrome111', 'firefox111', 'safari16.4'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  legalComments: 'none',
  // Texts in five languages, Cyrillic too: as UTF-8 they weigh half what \u escapes do (module scripts are always UTF-8).
  charset: 'utf8',
  metafile: true,
  write: true,
  logLevel: 'silent',
};

/** Builds every page and embed into outDir (emptied first); page bundles carry a content hash, their HTML does not. */
export async function buildWeb(outDir: string): Promise<WebBuild> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const [pages, embeds] = await Promise.all([
    build({ ...common, entryPoints: Object.fromEntries(PAGES.map((p) => [p.name, p.entry])), outdir: join(outDir, 'assets'), entryNames: '[name]-[hash]', assetNames: '[name]-[hash]' }),
    // An embed carries its styles as text for its Shadow DOM: one file, nothing else to load from the shop's page.
    build({ ...common, entryPoints: Object.fromEntries(EMBEDS.map((e) => [e.name, e.entry])), outdir: outDir, entryNames: '[name]', chunkNames: 'assets/contact-form-[name]-[hash]', splitting: true, plugins: [cssAsText] }),
  ]);
  for (const page of PAGES) writeFileSync(join(outDir, `${page.name}.html`), pageHtml(page, outputsOf(pages.metafile!, page.entry)));
  // esbuild names its outputs relative to its working directory (web/).
  const bundles = [...Object.keys(pages.metafile!.outputs), ...Object.keys(embeds.metafile!.outputs)].map((f) => resolve(WEB, f));
  const written = [...bundles, ...PAGES.map((p) => join(outDir, `${p.name}.html`))];
  return { outDir, files: written.map((path) => sizeOf(outDir, path)) };
}

/** `import STYLE from './style.css'` gives the minified style sheet as a string. */
const cssAsText: Plugin = {
  name: 'css-as-text',
  setup(b) {
    b.onLoad({ filter: /\.css$/ }, async (args) => {
      const { code } = await transform(readFileSync(args.path, 'utf8'), { loader: 'css', minify: true, target: ['chrome111', 'firefox111', 'safari16.4'] });
      return { contents: code, loader: 'text' };
    });
  },
};

/** The HTML file that serves a path, e.g. /t/abc → thread.html; undefined when no page claims it. */
export function pageFileFor(path: string): string | undefined {
  const page = PAGES.find((p) => p.routes.some((r) => r.test(path)));
  return page ? `${page.name}.html` : undefined;
}

function outputsOf(meta: Metafile, entry: string): { js: string; css?: string } {
  const [path, output] = Object.entries(meta.outputs).find(([, o]) => o.entryPoint === entry)!;
  return { js: `/assets/${basename(path)}`, css: output.cssBundle ? `/assets/${basename(output.cssBundle)}` : undefined };
}

/** The pages' icon, inline: no request for /favicon.ico that would answer 404 on every load. */
const ICON =
  'data:image/svg+xml,' +
  encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><path fill="#1d4ed8" d="M5 4h22a3 3 0 0 1 3 3v14a3 3 0 0 1-3 3H13l-7 6v-6H5a3 3 0 0 1-3-3V7a3 3 0 0 1 3-3z"/></svg>');

function pageHtml(page: Page, files: { js: string; css?: string }): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    page.csp ? `<meta http-equiv="Content-Security-Policy" content="${page.csp}">` : '',
    // The thread's token lives in the URL fragment: no page sends its address anywhere.
    '<meta name="referrer" content="no-referrer">',
    `<title>${page.title}</title>`,
    `<link rel="icon" href="${ICON}">`,
    files.css ? `<link rel="stylesheet" href="${files.css}">` : '',
    `<script type="module" src="${files.js}"></script>`,
    '</head>',
    '<body>',
    '<div id="app"></div>',
    '</body>',
    '</html>',
    '',
  ]
    .filter(Boolean)
    .join('\n');
}

function sizeOf(outDir: string, path: string): BuiltFile {
  const bytes = readFileSync(path);
  return { path: relative(outDir, path), bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
}
