import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDesk, unique, uniqueEmail, type TestDesk } from '../support/harness';
import { appendMail, fixture, poll, useMailbox } from '../support/mailbox';

let desk: TestDesk;
const USER = 'realworld';

beforeAll(async () => {
  desk = await startTestDesk();
  await useMailbox(desk, USER);
});
afterAll(async () => {
  await desk.close();
});

interface Stored {
  thread: { subject: string | null; customerName: string | null; lang: string };
  messages: { text: string; html: string | null; attachments: { fileName: string; contentType: string; size: number }[] }[];
}

async function ingest(file: string): Promise<Stored> {
  const customer = uniqueEmail();
  await appendMail(USER, fixture(file, { customer, unique: unique() }));
  expect(await poll(desk)).toMatchObject({ fetched: 1, stored: 1, failed: 0 });
  const rows = (await desk.api.get(`/v1/threads?email=${encodeURIComponent(customer)}`)).body.items as { id: string }[];
  expect(rows).toHaveLength(1);
  return (await desk.api.get(`/v1/threads/${rows[0]!.id}`)).body as Stored;
}

describe('mail as real mail clients write it (M5)', () => {
  it('Outlook: windows-1252 quoted-printable, an RFC 2231 file name, German', async () => {
    const t = await ingest('outlook-rfc2231.eml');
    expect(t.thread.subject).toBe('Rücksendung Bestellung – Etikett');
    expect(t.thread.customerName).toBe('Müller, Jürgen');
    expect(t.thread.lang).toBe('de');
    expect(t.messages[0]!.text).toContain('ich möchte die Bestellung zurücksenden – bitte schicken Sie mir ein Etikett.');
    expect(t.messages[0]!.text).toContain('Mit freundlichen Grüßen');
    expect(t.messages[0]!.attachments.map((a) => a.fileName)).toEqual(['Rechnung März 2026.pdf']);
  });

  it('Apple Mail: format=flowed text, an inline image by cid kept, the remote image dropped from the HTML', async () => {
    const t = await ingest('apple-inline-image.eml');
    expect(t.thread.subject).toBe('Photo du colis abîmé');
    expect(t.thread.customerName).toBe('Renée Martin');
    expect(t.messages[0]!.text).toContain('voici la photo du colis abîmé');
    expect(t.messages[0]!.attachments).toEqual([expect.objectContaining({ fileName: 'IMG_0042.png', contentType: 'image/png' })]);
    expect(t.messages[0]!.html).not.toContain('tracker.example');
  });

  it('Thunderbird: an S/MIME signed mail in ISO-8859-2 with a forwarded message attached', async () => {
    const t = await ingest('smime-signed-forward.eml');
    expect(t.thread.subject).toBe('Zamówienie żółte');
    expect(t.messages[0]!.text).toContain('Dzień dobry, przesyłam wiadomość od kuriera.');
    const names = t.messages[0]!.attachments.map((a) => a.fileName);
    expect(names).toEqual(expect.arrayContaining(['Kurier.eml', 'smime.p7s']));
  });

  it('raw UTF-8 headers (SMTPUTF8), bare LF line endings and an unknown charset label', async () => {
    const t = await ingest('utf8-headers-bare-lf.eml');
    expect(t.thread.subject).toBe('Где посылка? 包裹在哪里');
    expect(t.thread.customerName).toBe('Дмитрий Соколов');
    expect(t.messages[0]!.text).toContain('Здравствуйте! Посылка не пришла.');
  });

  it('GB2312: a base64 encoded-word subject and body, no display name', async () => {
    const t = await ingest('gb2312.eml');
    expect(t.thread.subject).toBe('订单查询');
    expect(t.thread.customerName).toBeNull();
    expect(t.messages[0]!.text).toContain('您好，我的订单还没有到。');
  });
});

describe('attachments named by hostile or careless senders (N3)', () => {
  it('names a nameless part, and strips paths and direction overrides from file names', async () => {
    const t = await ingest('hostile-attachments.eml');
    const names = t.messages[0]!.attachments.map((a) => a.fileName);
    expect(names).toHaveLength(3);
    for (const name of names) {
      expect(name).not.toMatch(/[\\/\u202a-\u202e\u2066-\u2069\0]/);
      expect(name.length).toBeGreaterThan(0);
    }
    expect(names).toEqual(expect.arrayContaining(['passwd']));
  });
});

describe('mail built to hurt the parser (M3, N3)', () => {
  it('reads a message nested 300 multiparts deep', async () => {
    const t = await ingest('deep-nesting.eml');
    expect(t.messages[0]!.text).toBe('deep text');
  });

  it('keeps a message with a 2 MB header raw, reports it, and stores the next one', async () => {
    const next = uniqueEmail();
    const huge = Buffer.from(
      [`From: <${uniqueEmail()}>`, 'To: service@shop.test', 'Subject: Long header', `Message-ID: <long-${unique()}@x.example>`, `X-Long: ${'a'.repeat(2_000_000)}`, 'Content-Type: text/plain', '', 'body'].join('\r\n'),
    );
    await appendMail(USER, huge, fixture('new-thread.eml', { customer: next, unique: unique() }));
    const report = await poll(desk);
    expect(report).toMatchObject({ fetched: 2, stored: 1, failed: 1 });
    expect(report.failures[0]!.reason).toMatch(/header/i);
    expect((await desk.api.get(`/v1/threads?email=${encodeURIComponent(next)}`)).body.items).toHaveLength(1);
  });
});
