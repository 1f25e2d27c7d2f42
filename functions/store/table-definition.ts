// The one table's key schema and indexes, shared by the CDK stack and the local runner so they never drift.

export const PARTITION_KEY = 'pk';
export const SORT_KEY = 'sk';
export const TTL_ATTRIBUTE = 'expiresAtEpoch';

/** Thread-list indexes, each named after the filter it serves; all sort by `activity` (last message time, newest last). */
export const THREAD_INDEXES = {
  byActivity: 'gsiAll',
  byContact: 'gsiContact',
  byStatus: 'gsiStatus',
  byContactStatus: 'gsiContactStatus',
  byEmployee: 'gsiEmployee',
  byEmail: 'gsiEmail',
  byOrder: 'gsiOrder',
  byLang: 'gsiLang',
  /** Served by the per-tag copies of a thread (`THREAD#<id>` / `TAG#<tag>`), not by the thread item. */
  byTag: 'gsiTag',
} as const;

export type ThreadIndex = keyof typeof THREAD_INDEXES;
export const ACTIVITY = 'activity';

export const INDEXES = Object.entries(THREAD_INDEXES).map(([name, partitionKey]) => ({ name, partitionKey, sortKey: ACTIVITY }));
