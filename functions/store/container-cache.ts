// Small, rarely changed items (contacts, settings, order messages) read once per container and kept CACHE_SECONDS.
// A change made through this container is seen at once: its writer forgets the copy. One made through another
// container is seen within CACHE_SECONDS. Keyed by table, because the tests run several desks in one process.
import type { Db } from './db';

export const CACHE_SECONDS = 30;

const copies = new Map<string, { readAt: number; value: Promise<unknown> }>();

/** The copy read within CACHE_SECONDS, else `read()` (kept only when it succeeds). Callers must not change what it gives. */
export function cachedRead<T>(db: Db, name: string, read: () => Promise<T>): Promise<T> {
  const id = `${db.table}#${name}`;
  const copy = copies.get(id);
  if (copy && Date.now() - copy.readAt < CACHE_SECONDS * 1000) return copy.value as Promise<T>;
  const value = read();
  copies.set(id, { readAt: Date.now(), value });
  value.catch(() => {
    if (copies.get(id)?.value === value) copies.delete(id);
  });
  return value;
}

/** After a write of that data through this container: the next read goes to the table. */
export function forgetCopy(db: Db, name: string): void {
  copies.delete(`${db.table}#${name}`);
}
