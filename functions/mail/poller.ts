// The mail poller (M1, M3): one at a time (a lease), resuming at the checkpoint, within a time budget.
import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { Conflict } from '../desk/errors';
import type { Deps } from '../deps';
import { getItem, queryPartition } from '../store/db';
import { key } from '../store/keys';
import { getSettings } from '../store/settings';
import { connectionOptions, openImap, type ConnectionOptions } from './connection';
import { ingestMail, MAX_MAIL_BYTES, pollContext, type IngestOutcome, type PollContext } from './ingest';
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
  failures: { uid: string | number; reason: string }[];
  durationMs: number;
  /** True when the budget ran out before the mailbox was drained: the next run goes on. */
  more?: boolean;
  note?: string;
}

const LEASE_MS = 6 * 60_000;

export async function pollMailbox(deps: Deps, budgetMs = deps.config.pollBudgetMs): Promise<PollReport> {
  const started = Date.now();
  const report: PollReport = { fetched: 0, stored: 0, joined: 0, newThreads: 0, skipped: 0, autoReplies: 0, bounces: 0, failed: 0, failures: [], durationMs: 0 };
  const settings = await getSettings(deps.db);
  if (!settings.mailbox.host || !settings.mailbox.user) return { ...report, note: 'No mailbox is configured.' };
  const owner = deps.ids.newId();
  if (!(await takeLease(deps, owner))) throw new Conflict('Another poll is running; try again in a moment.');
  try {
    const password = settings.mailbox.passwordSealed ? await deps.secrets.decrypt(settings.mailbox.passwordSealed) : '';
    const options = connectionOptions(settings.mailbox, password);
    const deadline = started + budgetMs;
    const context = await pollContext(deps, settings);
    if (options.protocol === 'imap') await pollImap(deps, options, context, report, deadline);
    else await pollPop3(deps, options, context, report, deadline);
  } finally {
    await releaseLease(deps, owner);
  }
  report.durationMs = Date.now() - started;
  return report;
}

async function takeLease(deps: Deps, owner: string): Promise<boolean> {
  const now = deps.now().getTime();
  try {
    await deps.db.doc.send(
      new PutCommand({
        TableName: deps.db.table,
        Item: { ...key.mailboxLease(), owner, until: now + LEASE_MS, expiresAtEpoch: Math.floor((now + LEASE_MS) / 1000) + 3600 },
        ConditionExpression: 'attribute_not_exists(pk) OR #u < :now',
        ExpressionAttributeNames: { '#u': 'until' },
        ExpressionAttributeValues: { ':now': now },
      }),
    );
    return true;
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

async function releaseLease(deps: Deps, owner: string): Promise<void> {
  await deps.db.doc
    .send(new DeleteCommand({ TableName: deps.db.table, Key: key.mailboxLease(), ConditionExpression: '#o = :o', ExpressionAttributeNames: { '#o': 'owner' }, ExpressionAttributeValues: { ':o': owner } }))
    .catch(() => undefined);
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
      report.failures.push({ uid, reason: outcome.reason });
  }
}

function mailboxIdentity(o: ConnectionOptions): string {
  // Not the port: the same mailbox over TLS or not is still the same mailbox.
  return `${o.protocol}://${o.user}@${o.host}/${o.folder}`.toLowerCase();
}

interface Checkpoint {
  uidValidity: string;
  lastUid: number;
}

/** Flags, deletes and the checkpoint are written per batch: a crash before them only means a re-fetch, which dedupe absorbs. */
const BATCH = 25;

async function pollImap(deps: Deps, o: ConnectionOptions, ctx: PollContext, report: PollReport, deadline: number): Promise<void> {
  const client = openImap(o);
  client.on('error', () => undefined);
  await client.connect();
  try {
    const box = await client.mailboxOpen(o.folder);
    const identity = mailboxIdentity(o);
    const saved = await getItem<Checkpoint>(deps.db, key.mailboxCheckpoint(identity));
    // A new UIDVALIDITY means the UIDs were renumbered: rescan; the dedupe records keep it from storing twice.
    const lastUid = saved && saved.uidValidity === String(box.uidValidity) ? saved.lastUid : 0;
    const sizes = new Map<number, number>();
    if (box.exists > 0) {
      for await (const m of client.fetch(`${lastUid + 1}:*`, { size: true }, { uid: true })) if (m.uid > lastUid) sizes.set(m.uid, m.size ?? 0);
    }
    const uids = [...sizes.keys()].sort((a, b) => a - b);
    const handled: number[] = [];
    const flush = async () => {
      if (handled.length === 0) return;
      const seen = handled.filter((uid) => uid > 0);
      if (seen.length > 0) {
        await client.messageFlagsAdd(seen.join(','), ['\\Seen'], { uid: true });
        if (ctx.settings.mailbox.deleteMessages) await client.messageDelete(seen.join(','), { uid: true });
      }
      await saveCheckpoint(deps, identity, { uidValidity: String(box.uidValidity), lastUid: Math.max(...handled.map(Math.abs)) });
      handled.length = 0;
    };
    const fetchSource = (uid: number | undefined) =>
      uid === undefined || sizes.get(uid)! > MAX_MAIL_BYTES * 2 ? Promise.resolve(null) : client.fetchOne(String(uid), { source: true }, { uid: true });
    // The next mail is fetched while this one is stored: the IMAP round trip overlaps the writes.
    let next = fetchSource(uids[0]);
    for (const [i, uid] of uids.entries()) {
      if (Date.now() > deadline) {
        report.more = true;
        await next.catch(() => null);
        break;
      }
      const message = await next;
      next = fetchSource(uids[i + 1]);
      next.catch(() => undefined);
      report.fetched++;
      const outcome: IngestOutcome = message && message.source ? await ingestMail(deps, message.source, ctx) : { kind: 'failed', reason: 'The server did not return the message, or it is far over the size limit.' };
      count(report, uid, outcome);
      // A mail left on the server for a person (no thread, "create new threads" off) is neither flagged nor deleted.
      handled.push(outcome.kind === 'skipped' && outcome.leaveOnServer ? -uid : uid);
      if (handled.length >= BATCH) await flush();
    }
    await flush();
  } finally {
    await client.logout().catch(() => client.close());
  }
}

async function saveCheckpoint(deps: Deps, identity: string, checkpoint: Checkpoint): Promise<void> {
  await deps.db.doc.send(
    new UpdateCommand({
      TableName: deps.db.table,
      Key: key.mailboxCheckpoint(identity),
      UpdateExpression: 'SET uidValidity = :v, lastUid = :u',
      ConditionExpression: 'attribute_not_exists(lastUid) OR uidValidity <> :v OR lastUid < :u',
      ExpressionAttributeValues: { ':v': checkpoint.uidValidity, ':u': checkpoint.lastUid },
    }),
  ).catch((error: Error) => {
    if (error.name !== 'ConditionalCheckFailedException') throw error;
  });
}

/** POP3 has no flags: the UIDLs already handled are remembered in the table. */
async function pollPop3(deps: Deps, o: ConnectionOptions, ctx: PollContext, report: PollReport, deadline: number): Promise<void> {
  const settings = ctx.settings;
  const pop = await openPop3(o);
  try {
    const identity = mailboxIdentity(o);
    const seen = new Set((await queryPartition<{ sk: string }>(deps.db, key.popSeen(identity, '').pk)).map((i) => i.sk));
    for (const { number, uid } of await pop.uidl()) {
      if (seen.has(uid)) {
        if (settings.mailbox.deleteMessages) await pop.remove(number);
        continue;
      }
      if (Date.now() > deadline) {
        report.more = true;
        break;
      }
      const raw = await pop.retrieve(number);
      report.fetched++;
      const outcome = await ingestMail(deps, raw, ctx);
      count(report, uid, outcome);
      if (outcome.kind === 'skipped' && outcome.leaveOnServer) continue;
      await deps.db.doc.send(new PutCommand({ TableName: deps.db.table, Item: { ...key.popSeen(identity, uid), entity: 'pop-seen', at: deps.now().toISOString() } }));
      if (settings.mailbox.deleteMessages) await pop.remove(number);
    }
  } finally {
    await pop.quit().catch(() => undefined);
  }
}
