// Mail failures an admin acts on (M6): list, download, retry (ingest again from the raw copy), dismiss; and the mailbox status (M7).
import { NotFound } from '../desk/errors';
import type { Deps } from '../deps';
import { INLINE_DOWNLOAD_BYTES, rawMailBytes, rawMailUrl, readRawMail } from '../files/raw-mail';
import { ingestMail, pollContext } from '../mail/ingest';
import { transact } from '../store/db';
import { dismissMailFailure, failedAgainItems, forgetIngested, getMailFailure, listMailFailures, type MailFailure } from '../store/mail-failures';
import { getSettings } from '../store/settings';

export function failureView(f: MailFailure) {
  return { id: f.id, at: f.at, reason: f.reason, size: f.size, from: f.from, subject: f.subject, retries: f.retries };
}

export async function listFailures(deps: Deps, limit: number, cursor?: string) {
  const page = await listMailFailures(deps.db, limit, cursor);
  return { items: page.items.map(failureView), nextCursor: page.nextCursor };
}

/** The raw mail itself when it fits a response, else a short-lived link to it. */
export async function downloadFailure(deps: Deps, id: string): Promise<{ bytes: Buffer; fileName: string } | { url: string }> {
  const failure = await getMailFailure(deps.db, id);
  const fileName = `mail-${failure.id}.eml`;
  if (failure.size > INLINE_DOWNLOAD_BYTES) return { url: await rawMailUrl(deps, failure.rawKey, fileName) };
  return { bytes: await rawMailBytes(deps, failure.rawKey).catch(missingRaw), fileName };
}

function missingRaw(error: unknown): never {
  if ((error as Error).name === 'NoSuchKey') throw new NotFound('The raw copy of this mail is no longer kept.');
  throw error;
}

export interface RetryResult {
  outcome: 'stored' | 'auto-reply' | 'bounce' | 'skipped' | 'failed';
  threadId: string | null;
  reason: string | null;
  failure: ReturnType<typeof failureView> | null;
}

/**
 * Ingests the kept mail again, as the poller would: once stored (or found stored already) the failure is
 * dismissed; if it fails again, the same failure stays listed with the new reason.
 */
export async function retryFailure(deps: Deps, id: string): Promise<RetryResult> {
  const failure = await getMailFailure(deps.db, id);
  const kept = await readRawMail(deps, failure.rawKey).catch(missingRaw);
  await transact(deps.db, [forgetIngested(failure)]);
  const outcome = await ingestMail(deps, kept, await pollContext(deps, await getSettings(deps.db)), { retryOf: failure });
  if (outcome.kind === 'failed') return { outcome: 'failed', threadId: null, reason: outcome.reason, failure: failureView(await getMailFailure(deps.db, id)) };
  if (outcome.kind === 'skipped' && outcome.leaveOnServer) {
    // No thread takes it now ("create new threads" off, no contact): it stays listed, with that reason.
    const again: MailFailure = { ...failure, reason: outcome.reason, at: deps.now().toISOString(), retries: failure.retries + 1 };
    await transact(deps.db, failedAgainItems(again));
    return { outcome: 'failed', threadId: null, reason: outcome.reason, failure: failureView(again) };
  }
  await dismissMailFailure(deps.db, id);
  const threadId = 'threadId' in outcome ? (outcome.threadId ?? null) : null;
  return { outcome: outcome.kind, threadId, reason: 'reason' in outcome ? outcome.reason : null, failure: null };
}
