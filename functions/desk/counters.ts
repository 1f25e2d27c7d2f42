// Counter deltas a thread change causes: kept with the change so the dashboard never counts threads.
import type { CounterDelta, Message, Thread } from './model';

export function threadCounterChanges(before: Thread | null, after: Thread, added: Message[]): { contactId: string; delta: CounterDelta }[] {
  const messages = messageDelta(added);
  if (before && before.contactId !== after.contactId) {
    return [
      { contactId: before.contactId, delta: negate(stateOf(before)) },
      { contactId: after.contactId, delta: add(stateOf(after), messages) },
    ];
  }
  const delta = add(before ? subtract(stateOf(after), stateOf(before)) : stateOf(after), messages);
  return isEmpty(delta) ? [] : [{ contactId: after.contactId, delta }];
}

function stateOf(thread: Thread): CounterDelta {
  return { total: 1, [thread.status]: 1, unread: thread.unread, unassigned: thread.status !== 'closed' && !thread.employeeId ? 1 : 0 };
}

/** "Mine" (T1): the threads not closed that an employee is in charge of. */
export function assignedCounterChanges(before: Thread | null, after: Thread | null): { employeeId: string; delta: number }[] {
  const counted = (t: Thread | null) => (t && t.status !== 'closed' && t.employeeId ? t.employeeId : undefined);
  const was = counted(before);
  const is = counted(after);
  if (was === is) return [];
  return [...(was ? [{ employeeId: was, delta: -1 }] : []), ...(is ? [{ employeeId: is, delta: 1 }] : [])];
}

/** Threads per tag (T2): a tag added counts the thread once, a tag removed uncounts it. */
export function tagCounterChanges(before: Thread | null, after: Thread | null): { tag: string; delta: number }[] {
  const was = new Set(before?.tags ?? []);
  const is = new Set(after?.tags ?? []);
  return [...[...is].filter((t) => !was.has(t)).map((tag) => ({ tag, delta: 1 })), ...[...was].filter((t) => !is.has(t)).map((tag) => ({ tag, delta: -1 }))];
}

/** What erasing a thread and its messages takes off the counters (T7): exactly what creating them added. */
export function erasedThreadCounters(thread: Thread, messages: Message[]): { contactId: string; delta: CounterDelta } {
  return { contactId: thread.contactId, delta: negate(add(stateOf(thread), messageDelta(messages))) };
}

function messageDelta(added: Message[]): CounterDelta {
  const delta: CounterDelta = {};
  for (const m of added) {
    const key = m.kind === 'customer' ? 'customerMessages' : m.kind === 'employee' ? 'employeeMessages' : 'notes';
    delta[key] = (delta[key] ?? 0) + 1;
  }
  return delta;
}

type Key = keyof CounterDelta;

function combine(a: CounterDelta, b: CounterDelta, sign: 1 | -1): CounterDelta {
  const out: CounterDelta = { ...a };
  for (const [k, v] of Object.entries(b) as [Key, number][]) out[k] = (out[k] ?? 0) + sign * v;
  for (const k of Object.keys(out) as Key[]) if (out[k] === 0) delete out[k];
  return out;
}

const add = (a: CounterDelta, b: CounterDelta) => combine(a, b, 1);
const subtract = (a: CounterDelta, b: CounterDelta) => combine(a, b, -1);
const negate = (a: CounterDelta) => combine({}, a, -1);
const isEmpty = (d: CounterDelta) => Object.keys(d).length === 0;
