// The mail poller (M1, M3, M7): one at a time (a lease), resuming at the checkpoint, within a time budget;
// every mail kept raw before anything else, and a mailbox that cannot be read reported, never thrown.
import type { ImapFlow } from 'imapflow';
import { Conflict } from '../desk/errors';
import type { Deps } from '../deps';
import { keepRawMail, PARSE_LIMIT_BYTES, type KeptMail } from '../files/raw-mail';
import { digestOf } from '../store/keys';
import { getCheckpoint, popSeenUids, releaseLease, rememberPopSeen, saveCheckpoint, takeLease } from '../store/mailbox';
import { recordPoll, type MailboxError } from '../store/mailbox-status';
import { getSettings } from '../store/settings';
import { connectionOptions, openImap, pinConnection, type ConnectionOptions, type PinnedConnection } from './connection';
import { ingestMail, pollContext, type IngestOutcome, type PollContext } from './ingest';
import { headerBlockEnd } from './identity';
import { MailboxFailure, onMailbox } from './mailbox-errors';
import { openPop3 } from './pop3';

export interface PollReport {
  fetched: number;
  stored: number;
  joined: number;
  newThreads: number;
  skipped: number;
  autoReplies: number;
  bounces: number;
  failed: number;
  failures: { uid: string | number; reason: string; id?: string }[];
  durationMs: number;
  /** Why the mailbox could not be read (or stopped being read half-way), or null (M7). */
  error: MailboxError | null;
  /** True when the budget ran out before the mailbox was drained: the next run goes on. */
  more?: boolean;
  note?: string;
}

const LEASE_MS = 6 * 60_000;

export async function pollMailbox(deps: Deps, budgetMs = deps.config.pollBudgetMs): Promise<PollReport> {
  const started = Date.now();
  const report: PollReport = { fetched: 0, stored: 0, joined: 0, newThreads: 0, skipped: 0, autoReplies: 0, bounces: 0, failed: 0, failures: [], durationMs: 0, error: null };
  const settings = await getSettings(deps.db);
  if (!settings.mailbox.host || !settings.mailbox.user) return { ...report, note: 'No mailbox is configured.' };
  const owner = deps.ids.newId();
  if (!(await takeLease(deps.db, owner, deps.now().getTime(), LEASE_MS))) throw new Conflict('Another poll is running; try again in a moment.');
  try {
    const password = settings.mailbox.passwordSealed ? await deps.secrets.decrypt(settings.mailbox.passwordSealed) : '';
    const unpinned = connectionOptions(settings.mailbox, password, deps.config.mailTimeoutMs);
    const deadline = started + budgetMs;
    const context = await pollContext(deps, settings);
    try {
      const options = await onMailbox(unpinned, () => pinConnection(unpinned, deps.config.mailboxAllow), 'dns');
      if (options.protocol === 'imap') await pollImap(deps, options, context, report, deadline);
      else await pollPop3(deps, options, context, report, deadline);
    } catch (error) {
      // Anything else (the table, S3) is the desk's own failure: it is thrown, and the next poll resumes.
      if (!(error instanceof MailboxFailure)) throw error;
      report.error = error.detail;
    }
    await recordPoll(deps.db, deps.now().toISOString(), report.error);
  } finally {
    await releaseLease(deps.db, owner);
  }
  report.durationMs = Date.now() - started;
  return report;
}

function count(report: PollReport, uid: string | number, outcome: IngestOutcome): void {
  switch (outcome.kind) {
    case 'stored':
      report.stored++;
      if (outcome.newThread) report.newThreads++;
      else report.joined++;
      return;
    case 'auto-reply':
      report.autoReplies++;
      return;
    case 'bounce':
      report.bounces++;
      return;
    case 'skipped':
      report.skipped++;
      return;
    case 'failed':
      report.failed++;
      report.failures.push({ uid, reason: outcome.reason, id: outcome.failureId });
  }
}

function mailboxIdentity(o: PinnedConnection): string {
  // Not the port: the same mailbox over TLS or not is still the same mailbox.
  return `${o.protocol}://${o.user}@${o.host}/${o.folder}`.toLowerCase();
}

/** Flags, deletes and the checkpoint are written per batch: a crash before them only means a re-fetch, which dedupe absorbs. */
const BATCH = 25;

async function pollImap(deps: Deps, o: PinnedConnection, ctx: PollContext, report: PollReport, deadline: number): Promise<void> {
  const client = await openImap(o);
  client.on('error', () => undefined);
  await onMailbox(o, () => client.connect());
  try {
    const box = await onMailbox(o, () => client.mailboxOpen(o.folder), 'mailbox');
    const identity = mailboxIdentity(o);
    const saved = await getCheckpoint(deps.db, identity);
    // A new UIDVALIDITY means the UIDs were renumbered: rescan; the dedupe records keep it from storing twice.
    const lastUid = saved && saved.uidValidity === String(box.uidValidity) ? saved.lastUid : 0;
    const sizes = new Map<number, number>();
    if (box.exists > 0) {
      await onMailbox(o, async () => {
        for await (const m of client.fetch(`${lastUid + 1}:*`, { size: true }, { uid: true })) if (m.uid > lastUid) sizes.set(m.uid, m.size ?? 0);
      });
    }
    const uids = [...sizes.keys()].sort((a, b) => a - b);
    const handled: number[] = [];
    const flush = async () => {
      if (handled.length === 0) return;
      const seen = handled.filter((uid) => uid > 0);
      if (seen.length > 0) {
        await onMailbox(o, () => client.messageFlagsAdd(seen.join(','), ['\\Seen'], { uid: true }));
        // Every mail in `seen` has its raw copy in S3 already (M3): deleting it loses nothing.
        if (ctx.settings.mailbox.deleteMessages) await onMailbox(o, () => client.messageDelete(seen.join(','), { uid: true }));
      }
      await saveCheckpoint(deps.db, identity, { uidValidity: String(box.uidValidity), lastUid: Math.max(...handled.map(Math.abs)) });
      handled.length = 0;
    };
    const rawKey = (uid: number) => `raw/imap/${digestOf(identity)}/${box.uidValidity}/${uid}.eml`;
    // A mail within the parsing limit comes in one piece (and the next one is fetched while the ones before are
    // stored: the round trip overlaps the writes); a larger one is streamed to S3 in chunks.
    const fetchWhole = (uid: number | undefined) =>
      uid === undefined || sizes.get(uid)! > PARSE_LIMIT_BYTES ? Promise.resolve(null) : client.fetchOne(String(uid), { source: true }, { uid: true });
    const store = async (uid: number, whole: FetchedSource, receivedAt: Date): Promise<Handled> => {
      const kept: KeptMail | null = whole
        ? whole.source
          ? await keepRawMail(deps, rawKey(uid), [whole.source])
          : null
        : await keepRawMail(deps, rawKey(uid), imapChunks(client, o, uid), sizes.get(uid)!);
      // Expunged by someone else since the list was read: nothing to keep, nothing to delete.
      if (!kept || kept.size === 0) return { uid, outcome: { kind: 'skipped', reason: 'The server no longer has this message.', leaveOnServer: true } };
      return { uid, outcome: await ingestMail(deps, kept, ctx, { receivedAt }) };
    };
    const storing = new StoringWindow();
    const record = ({ uid, outcome }: Handled) => {
      report.fetched++;
      count(report, uid, outcome);
      // A mail left on the server for a person (no thread, "create new threads" off) is neither flagged nor deleted.
      handled.push(outcome.kind === 'skipped' && outcome.leaveOnServer ? -uid : uid);
    };
    let next = fetchWhole(uids[0]);
    try {
      for (const [i, uid] of uids.entries()) {
        if (Date.now() > deadline) {
          report.more = true;
          await next.catch(() => null);
          break;
        }
        const whole = await onMailbox(o, () => next);
        next = fetchWhole(uids[i + 1]);
        next.catch(() => undefined);
        const size = sizes.get(uid)!;
        while (!storing.hasRoomFor(size)) await storing.someDone();
        // Taken in mailbox order, before storing overlaps: what the desk lists by time (its failures) keeps that order.
        const receivedAt = ctx.arrival();
        storing.start(size, Boolean(whole && whole.source && mayJoinEarlierMail(whole.source)), () => store(uid, whole, receivedAt));
        storing.takeDone().forEach(record);
        if (handled.length >= BATCH) await flush();
      }
      while (!storing.isEmpty()) {
        await storing.someDone();
        storing.takeDone().forEach(record);
      }
    } catch (error) {
      // Nothing is left running behind a failed poll: the next one starts from a settled mailbox.
      await storing.settle();
      throw error;
    }
    await flush();
  } finally {
    await client.logout().catch(() => client.close());
  }
}

type FetchedSource = Awaited<ReturnType<ImapFlow['fetchOne']>> | null;

interface Handled {
  uid: number;
  outcome: IngestOutcome;
}

/** Mails stored at once: their S3 puts and transactions overlap instead of waiting on each other's round trips. */
const STORING_AT_ONCE = 8;
/** What the mails being stored may hold in memory together; a larger mail is stored alone. */
const STORING_BYTES = 32 * 1024 * 1024;

interface Storing {
  done: Promise<Handled>;
  /** Set once the mail is stored or failed. */
  result?: PromiseSettledResult<Handled>;
  /** Resolves once `result` is set. */
  settled: Promise<void>;
}

/**
 * The mails of one poll being stored at once, oldest first. Their outcomes are taken in mailbox order only, so the
 * flags and the checkpoint never pass a mail that is not stored yet (M3); a slow mail holds back only the taking of
 * the outcomes after it, not the storing of the next ones. A mail that may join a thread of a mail before it waits
 * for all of those, so that it threads exactly as one stored after the other would (M2).
 */
class StoringWindow {
  private readonly queue: Storing[] = [];
  private running = 0;
  private bytes = 0;

  hasRoomFor(size: number): boolean {
    return this.running === 0 || (this.running < STORING_AT_ONCE && this.bytes + size <= STORING_BYTES);
  }

  isEmpty(): boolean {
    return this.queue.length === 0;
  }

  start(size: number, afterEarlier: boolean, work: () => Promise<Handled>): void {
    const done = afterEarlier ? this.settle().then(work) : work();
    const storing: Storing = { done, settled: Promise.resolve() };
    this.running++;
    this.bytes += size;
    // A failure is thrown in order, by takeDone(); until then it must not count as unhandled.
    storing.settled = done
      .then(
        (value) => void (storing.result = { status: 'fulfilled', value }),
        (reason: unknown) => void (storing.result = { status: 'rejected', reason }),
      )
      .finally(() => {
        this.running--;
        this.bytes -= size;
      });
    this.queue.push(storing);
  }

  /** Waits until one more mail is stored (or failed). */
  async someDone(): Promise<void> {
    const running = this.queue.filter((m) => !m.result).map((m) => m.settled);
    if (running.length > 0) await Promise.race(running);
  }

  /** The outcomes of the oldest mails that are done, in mailbox order; the failure of one is thrown. */
  takeDone(): Handled[] {
    const out: Handled[] = [];
    while (this.queue[0]?.result) {
      const result = this.queue.shift()!.result!;
      if (result.status === 'rejected') throw result.reason;
      out.push(result.value);
    }
    return out;
  }

  async settle(): Promise<void> {
    await Promise.allSettled(this.queue.map((m) => m.done));
  }
}

/**
 * Whether a mail may belong to a thread that a mail before it in this poll opens: a reply (In-Reply-To, References)
 * or a subject that may carry the thread markers (written out, or inside an encoded word).
 */
function mayJoinEarlierMail(raw: Buffer): boolean {
  const header = raw.subarray(0, headerBlockEnd(raw)).toString('latin1').replace(/\r?\n[ \t]+/g, ' ');
  return /^(?:in-reply-to|references)[ \t]*:/im.test(header) || /#ct/i.test(header) || /^subject[ \t]*:.*=\?/im.test(header);
}

/** 1 MB at a time: a partial FETCH of the source, so that no mail is ever held whole. */
const CHUNK_BYTES = 1024 * 1024;

async function* imapChunks(client: ImapFlow, o: ConnectionOptions, uid: number): AsyncGenerator<Buffer> {
  for (let start = 0; ; start += CHUNK_BYTES) {
    const part = await onMailbox(o, () => client.fetchOne(String(uid), { source: { start, maxLength: CHUNK_BYTES } }, { uid: true }));
    const bytes = part ? part.source : undefined;
    if (!bytes || bytes.length === 0) return;
    yield bytes;
    if (bytes.length < CHUNK_BYTES) return;
  }
}

/** POP3 has no flags: the UIDLs already handled are remembered in the table. */
async function pollPop3(deps: Deps, o: PinnedConnection, ctx: PollContext, report: PollReport, deadline: number): Promise<void> {
  const settings = ctx.settings;
  const pop = await onMailbox(o, () => openPop3(o));
  try {
    const identity = mailboxIdentity(o);
    const seen = await popSeenUids(deps.db, identity);
    const listing = await onMailbox(o, () => pop.uidl());
    // LIST before RETR: a mail over the parsing limit is only streamed through to S3, never held.
    const sizes = await onMailbox(o, () => pop.list());
    for (const { number, uid } of listing) {
      if (seen.has(uid)) {
        if (settings.mailbox.deleteMessages) await onMailbox(o, () => pop.remove(number));
        continue;
      }
      if (Date.now() > deadline) {
        report.more = true;
        break;
      }
      const kept = await keepRawMail(deps, `raw/pop3/${digestOf(identity)}/${digestOf(uid)}.eml`, mailboxChunks(o, pop.retrieve(number)), sizes.get(number));
      report.fetched++;
      const outcome = await ingestMail(deps, kept, ctx);
      count(report, uid, outcome);
      if (outcome.kind === 'skipped' && outcome.leaveOnServer) continue;
      await rememberPopSeen(deps.db, identity, uid, deps.now());
      // The raw copy is in S3 (keepRawMail resolved): deleting it on the server loses nothing (M3).
      if (settings.mailbox.deleteMessages) await onMailbox(o, () => pop.remove(number));
    }
  } finally {
    await pop.quit().catch(() => undefined);
  }
}

/** The session's errors while a mail streams in are the mailbox's, like any other step's. */
async function* mailboxChunks(o: ConnectionOptions, chunks: AsyncGenerator<Buffer>): AsyncGenerator<Buffer> {
  const iterator = chunks[Symbol.asyncIterator]();
  for (;;) {
    const next = await onMailbox(o, () => iterator.next());
    if (next.done) return;
    yield next.value;
  }
}
