import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../functions/config';
import { Conflict } from '../../functions/desk/errors';
import { readMarkers, stripMarkers, tokensMatch } from '../../functions/desk/markers';
import type { Thread } from '../../functions/desk/model';
import { bucketOf, medianOf } from '../../functions/desk/statistics';
import { headerSafe, previewOf } from '../../functions/desk/text';
import { decideCustomerMessage, decideReply, decideStatus, isRepeatedSubmit, waitsForAnswer } from '../../functions/desk/threads';

let n = 0;
const ids = { newId: () => `id${++n}`, newSecret: () => 'secret-token-0123456789' };
const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1, 0, minutes));
const input = { contactId: 'c1', email: 'jane@example.com', lang: 'en' as const, text: 'Where is my parcel?', attachments: [], source: 'form' as const };

function openThread(): Thread {
  return decideCustomerMessage(null, input, at(0), ids).thread;
}

describe('customer messages (C3, M5)', () => {
  it('opens a thread that counts one total, one open thread and one unread message', () => {
    const d = decideCustomerMessage(null, input, at(0), ids);
    expect(d.expectedVersion).toBeNull();
    expect(d.thread).toMatchObject({ status: 'open', unread: 1, lastMessageFrom: 'customer', version: 1 });
    expect(d.counters).toEqual([{ contactId: 'c1', delta: { total: 1, open: 1, unread: 1, customerMessages: 1, unassigned: 1 } }]);
  });

  it('reopens a closed thread and moves it between the status counters', () => {
    const closed = decideStatus(openThread(), 'closed', at(1))!.thread;
    const d = decideCustomerMessage(closed, { ...input, text: 'again' }, at(2), ids);
    expect(d.thread.status).toBe('open');
    expect(d.counters[0]!.delta).toMatchObject({ open: 1, closed: -1, unread: 1, customerMessages: 1 });
  });

  it('keeps an auto-reply without reopening or counting it unread (M4)', () => {
    const closed = decideStatus(openThread(), 'closed', at(1))!.thread;
    const d = decideCustomerMessage(closed, { ...input, autoReply: true }, at(2), ids);
    expect(d.thread.status).toBe('closed');
    expect(d.thread.unread).toBe(closed.unread);
    expect(d.messages[0]!.autoReply).toBe(true);
  });

  it('treats the same text within ten minutes as the same submit', () => {
    const t = decideCustomerMessage(null, { ...input, digest: 'd1' }, at(0), ids).thread;
    expect(isRepeatedSubmit(t, 'd1', at(9))).toBe(true);
    expect(isRepeatedSubmit(t, 'd1', at(11))).toBe(false);
    expect(isRepeatedSubmit(t, 'd2', at(1))).toBe(false);
  });
});

describe('replies (A7)', () => {
  const reply = { employeeId: 'e1', employeeName: 'Alex', text: 'On its way', attachments: [] };

  it('closes the thread, assigns the sender, marks read, and records the first response time', () => {
    const d = decideReply(openThread(), reply, at(30), ids, []);
    expect(d.thread).toMatchObject({ status: 'closed', employeeId: 'e1', unread: 0, lastMessageFrom: 'employee' });
    expect(d.durations.map((x) => [x.kind, x.seconds])).toEqual([
      ['firstResponse', 1800],
      ['timeToClose', 1800],
    ]);
    expect(d.mails).toEqual([{ kind: 'reply', messageId: d.messages[0]!.id }]);
  });

  it('keeps the one in charge and the chosen status', () => {
    const first = decideReply(openThread(), { ...reply, status: 'pending1' }, at(1), ids, []).thread;
    const d = decideReply(first, { ...reply, employeeId: 'e2', employeeName: 'Bo', status: 'pending2' }, at(2), ids, []);
    expect(d.thread).toMatchObject({ status: 'pending2', employeeId: 'e1' });
    expect(d.durations).toEqual([]);
  });

  it('refuses a reply written before a newer customer message, unless forced', () => {
    const t = openThread();
    const newer = decideCustomerMessage(t, { ...input, text: 'cancel!' }, at(1), ids).thread;
    expect(() => decideReply(newer, { ...reply, lastSeenMessageId: t.lastCustomerMessageId }, at(2), ids, [])).toThrow(Conflict);
    expect(decideReply(newer, { ...reply, lastSeenMessageId: t.lastCustomerMessageId, force: true }, at(2), ids, []).thread.status).toBe('closed');
  });

  it('changes nothing when the thread already has the status', () => {
    expect(decideStatus(openThread(), 'open', at(1))).toBeNull();
  });

  it('waits for an answer only when not closed and the customer spoke last', () => {
    expect(waitsForAnswer({ status: 'open', lastMessageFrom: 'customer' })).toBe(true);
    expect(waitsForAnswer({ status: 'pending1', lastMessageFrom: 'customer' })).toBe(true);
    expect(waitsForAnswer({ status: 'closed', lastMessageFrom: 'customer' })).toBe(false);
    expect(waitsForAnswer({ status: 'open', lastMessageFrom: 'employee' })).toBe(false);
  });
});

describe('markers, statistics, text (M2, A3)', () => {
  it('reads both markers and compares tokens in constant time', () => {
    expect(readMarkers('Re: [#ctAbC_1-2] [#tcTok-3] Your order')).toEqual({ threadId: 'AbC_1-2', token: 'Tok-3' });
    expect(readMarkers('Re: [#ctAbC] Your order')).toBeNull();
    expect(stripMarkers('[#ctA] [#tcB] Hello')).toBe('Hello');
    expect(tokensMatch('abc', 'abc')).toBe(true);
    expect(tokensMatch('abc', 'abd')).toBe(false);
    expect(tokensMatch('abc', 'abcd')).toBe(false);
  });

  it('computes a median from buckets within one bucket of the truth, null without data', () => {
    expect(medianOf({})).toBeNull();
    const h: Record<number, number> = {};
    for (const s of [60, 120, 3600, 7200, 86400]) h[bucketOf(s)] = (h[bucketOf(s)] ?? 0) + 1;
    const m = medianOf(h)!;
    expect(m).toBeGreaterThan(1920);
    expect(m).toBeLessThanOrEqual(3840);
  });

  it('previews at 120 characters on one line and strips header-breaking characters', () => {
    expect(previewOf('a\n\nb   c')).toBe('a b c');
    expect(previewOf('x'.repeat(200))).toHaveLength(120);
    expect(headerSafe('Jane\r\nBcc: x@y')).toBe('Jane Bcc: x@y');
  });
});

describe('configuration (one reader of the environment)', () => {
  it('has defaults and refuses bad values by name', () => {
    expect(loadConfig({}).limits).toMatchObject({ perEmail: 5, perIp: 20, signInsPerEmail: 5, signInsPerIp: 20 });
    const bad = () => loadConfig({ SUBMITS_PER_IP: '-1', SENDER_ADDRESS: 'nope' });
    expect(bad).toThrow(/SENDER_ADDRESS/);
    expect(bad).toThrow(/SUBMITS_PER_IP/);
  });
});
