// Encryption of the mailbox password at rest: KMS in AWS, AES-256-GCM with a local key file in local mode.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { KMSClient } from '@aws-sdk/client-kms';

export interface SecretBox {
  encrypt(plain: string): Promise<string>;
  decrypt(sealed: string): Promise<string>;
}

export function kmsSecretBox(keyId: string, region: string): SecretBox {
  // The KMS client is built when the password is first used (settings, mailbox test, poll), not at every cold start.
  let loaded: Promise<{ sdk: typeof import('@aws-sdk/client-kms'); kms: KMSClient }> | undefined;
  const load = () => (loaded ??= import('@aws-sdk/client-kms').then((sdk) => ({ sdk, kms: new sdk.KMSClient({ region }) })));
  const context = { purpose: 'shopdesk-mailbox-password' };
  return {
    async encrypt(plain) {
      const { sdk, kms } = await load();
      const res = await kms.send(new sdk.EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from(plain, 'utf8'), EncryptionContext: context }));
      return 'kms:' + Buffer.from(res.CiphertextBlob!).toString('base64');
    },
    async decrypt(sealed) {
      const { sdk, kms } = await load();
      const blob = Buffer.from(sealed.replace(/^kms:/, ''), 'base64');
      const res = await kms.send(new sdk.DecryptCommand({ CiphertextBlob: blob, EncryptionContext: context }));
      return Buffer.from(res.Plaintext!).toString('utf8');
    },
  };
}

export function fileSecretBox(keyFile: string): SecretBox {
  let key: Buffer | undefined;
  const load = () => (key ??= Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'base64'));
  return {
    async encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', load(), iv);
      const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return 'local:' + Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64');
    },
    async decrypt(sealed) {
      const raw = Buffer.from(sealed.replace(/^local:/, ''), 'base64');
      const decipher = createDecipheriv('aes-256-gcm', load(), raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}
