// Keyboard shortcuts for the daily moves (U3), listed on "?": next/previous thread, reply, handled, next unanswered, the list.
import { signal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { location$, navigate, paths, screenOf } from '../router';
import { t } from '../ui';
import { listOrder } from './thread-list';
import { threadActions } from './thread';

const open = signal(false);

type Move = 'next' | 'previous' | 'reply' | 'handled' | 'nextUnanswered' | 'list' | 'help';
export const SHORTCUTS: [string, Move][] = [
  ['j', 'next'],
  ['k', 'previous'],
  ['r', 'reply'],
  ['e', 'handled'],
  ['n', 'nextUnanswered'],
  ['u', 'list'],
  ['?', 'help'],
];

function neighbour(step: 1 | -1): string | undefined {
  const order = listOrder.value;
  // From the address, not from the thread screen: a key pressed while that screen is still being drawn moves too.
  const screen = screenOf(location$.value.path, location$.value.search);
  const current = screen.name === 'thread' ? screen.id : undefined;
  if (!current) return step === 1 ? order[0] : undefined;
  const at = order.indexOf(current);
  return at < 0 ? undefined : order[at + step];
}

function run(move: Move): void {
  switch (move) {
    case 'help':
      open.value = !open.value;
      return;
    case 'next':
    case 'previous': {
      const id = neighbour(move === 'next' ? 1 : -1);
      if (id) navigate(paths.thread(id));
      return;
    }
    case 'reply':
      threadActions.current?.reply();
      return;
    case 'handled':
      void threadActions.current?.handle();
      return;
    case 'nextUnanswered':
      void threadActions.current?.nextUnanswered();
      return;
    case 'list':
      if (screenOf(location$.value.path, location$.value.search).name !== 'threads') navigate(paths.threads());
  }
}

export function listenToShortcuts(): void {
  document.addEventListener('keydown', (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
    const target = e.target as HTMLElement | null;
    if (target && (/^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) || target.isContentEditable)) return;
    const move = SHORTCUTS.find(([key]) => key === e.key)?.[1];
    if (!move) return;
    e.preventDefault();
    run(move);
  });
}

export function ShortcutsDialog() {
  const dialog = useRef<HTMLDialogElement>(null);
  const texts = t.value.shortcuts;
  const shown = open.value;
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (shown && !d.open) d.showModal();
    if (!shown && d.open) d.close();
  }, [shown]);
  return (
    <dialog ref={dialog} class="shortcuts" aria-labelledby="shortcuts-heading" onClose={() => (open.value = false)}>
      <h2 id="shortcuts-heading">{texts.title}</h2>
      <table>
        <tbody>
          {SHORTCUTS.map(([key, move]) => (
            <tr key={key}>
              <th scope="row">
                <kbd>{key}</kbd>
              </th>
              <td>{texts[move]}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={() => (open.value = false)}>
        {texts.close}
      </button>
    </dialog>
  );
}
