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
  return { total: 1, [thread.status]: 1, unread: thread.unread };
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
