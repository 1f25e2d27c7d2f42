import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { startTestDesk, unique, uniqueEmail, type TestDesk } from '../support/harness';
import { HOSTILE_CASES } from '../support/hostile-mail';
import { appendMail, fixture, poll, useMailbox } from '../support/mailbox';

let desk: TestDesk;

beforeAll(async () => {
  desk = await startTestDesk();
  await useMailbox(desk, 'erase');
});
afterAll(async () => {
  await desk.close();
});

async function rawKeys(): Promise<string[]> {
  const s3 = new S3Client({ endpoint: inject('services').s3, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
  const res = await s3.send(new ListObjectsV2Command({ Bucket: desk.bucket, Prefix: 'raw/' }));
  return (res.Contents ?? []).map((o) => o.Key!);
}

describe('erasing a customer (T7)', { timeout: 120_000 }, () => {
  it('removes the raw mails they sent from S3, with their threads', async () => {
    const customer = uniqueEmail();
    const other = uniqueEmail();
    await appendMail('erase', fixture('new-thread.eml', { customer, unique: unique() }), fixture('new-thread.eml', { customer: other, unique: unique() }));
    expect(await poll(desk)).toMatchObject({ stored: 2, newThreads: 2 });
    const kept = await rawKeys();
    expect(kept).toHaveLength(2);
    const res = await desk.api.request('DELETE', `/v1/customers/${encodeURIComponent(customer)}`);
    expect(res.body).toMatchObject({ threads: 1, messages: 1, rawMails: 1 });
    const left = await rawKeys();
    expect(left).toHaveLength(1);
    expect((await desk.api.get(`/v1/threads?email=${encodeURIComponent(other)}`)).body.items).toHaveLength(1);
  });

  it('exports and erases the mails from the address that could not be stored, raw copies included (T7, M6)', async () => {
    const customer = uniqueEmail();
    const broken = HOSTILE_CASES.find((c) => c.limit.startsWith('MIME parts'))!.build(customer, unique());
    await appendMail('erase', broken);
    expect(await poll(desk)).toMatchObject({ failed: 1 });
    const status = async () => (await desk.api.get('/v1/mail/status')).body.failures as number;
    const waiting = await status();
    const before = await rawKeys();
    const exported = (await desk.api.get(`/v1/customers/${encodeURIComponent(customer)}/export`)).body;
    expect(exported.mailFailures).toEqual([expect.objectContaining({ reason: expect.any(String), size: broken.length })]);

    const res = await desk.api.request('DELETE', `/v1/customers/${encodeURIComponent(customer)}`);
    expect(res.body).toMatchObject({ threads: 0, rawMails: 1 });
    expect(await rawKeys()).toHaveLength(before.length - 1);
    expect(await status()).toBe(waiting - 1);
    expect((await desk.api.get('/v1/mail/failures')).body.items.map((f: { from: string | null }) => f.from)).not.toContain(customer);
    expect((await desk.api.get(`/v1/customers/${encodeURIComponent(customer)}/export`)).body.mailFailures).toEqual([]);
  });
});
