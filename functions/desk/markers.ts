// Thread markers in mail subjects (M2): `[#ct<threadId>]` names the thread, `[#tc<token>]` proves it.
import { timingSafeEqual } from 'node:crypto';

export function markersOf(thread: { id: string; token: string }): string {
  return `[#ct${thread.id}] [#tc${thread.token}]`;
}

export function readMarkers(subject: string): { threadId: string; token: string } | null {
  const id = /\[#ct([A-Za-z0-9_-]{1,64})\]/.exec(subject);
  const token = /\[#tc([A-Za-z0-9_-]{1,128})\]/.exec(subject);
  return id && token ? { threadId: id[1]!, token: token[1]! } : null;
}

/** Constant-time comparison, so that a wrong token tells nothing about the right one. */
export function tokensMatch(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  if (a.length !== b.length) {
    timingSafeEqual(a, a);
    return false;
  }
  return timingSafeEqual(a, b);
}

export function stripMarkers(subject: string): string {
  return subject.replace(/\s*\[#(?:ct|tc)[A-Za-z0-9_-]+\]/g, '').trim();
}
