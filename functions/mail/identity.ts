// What makes two fetched mails the same mail (M3): read from the raw bytes, before any parsing.
import { createHash } from 'node:crypto';

/** The header fields a mail carries unchanged from its sender to every one of its deliveries. */
const STABLE_FIELDS = ['message-id', 'date', 'from', 'subject'] as const;

/** The header block: the bytes before the first empty line (CRLF or bare LF, as some senders write). */
export function headerBlockEnd(raw: Buffer): number {
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  if (crlf < 0 && lf < 0) return raw.length;
  if (crlf < 0) return lf + 2;
  if (lf < 0) return crlf + 4;
  return Math.min(crlf + 4, lf + 2);
}

/** The first value of each field, unfolded, as written (no decoding: the identity compares bytes, not meaning). */
export function stableFields(header: Buffer): Record<string, string> {
  const found: Record<string, string> = {};
  const lines = header.toString('latin1').split(/\r?\n/);
  let current: string | null = null;
  for (const line of lines) {
    if (/^[ \t]/.test(line)) {
      if (current) found[current] += ' ' + line.trim();
      continue;
    }
    current = null;
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if ((STABLE_FIELDS as readonly string[]).includes(name) && !(name in found)) {
      current = name;
      found[name] = line.slice(colon + 1).trim();
    }
  }
  return found;
}

/**
 * The identity of a mail: a digest of its Message-ID (exactly as written) with its Date, From,
 * Subject and body. The same mail fetched twice, or delivered to two of the desk's addresses (which
 * differ only in Received, Delivered-To and Return-Path headers), has one identity; two different
 * mails that share a Message-ID (or have none) have two. Line endings do not count: servers convert them.
 */
export function mailIdentity(raw: Buffer): string {
  const end = headerBlockEnd(raw);
  const fields = stableFields(raw.subarray(0, end));
  const hash = createHash('sha256');
  for (const name of STABLE_FIELDS) hash.update(`${name}:${(fields[name] ?? '').replace(/\s+/g, ' ')}\n`, 'latin1');
  hash.update(withoutCarriageReturns(raw.subarray(end)));
  return hash.digest('base64url');
}

function withoutCarriageReturns(body: Buffer): Buffer {
  if (body.indexOf(13) < 0) return body;
  return Buffer.from(body.toString('latin1').replace(/\r/g, ''), 'latin1');
}

/** A mail over the parsing limit is known by the digest of all its bytes: kept and listed once. */
export function rawIdentity(sha256Hex: string): string {
  return `raw-${Buffer.from(sha256Hex, 'hex').toString('base64url')}`;
}
