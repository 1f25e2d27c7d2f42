// The console's addresses: /console/…, moved between with the History API; a screen is chosen from the path.
import { signal } from '@preact/signals';

export const BASE = '/console';

export type Screen =
  | { name: 'overview' }
  | { name: 'threads'; query: URLSearchParams }
  | { name: 'thread'; id: string }
  | { name: 'savedReplies' | 'contacts' | 'employees' | 'options' | 'orderMessages' }
  | { name: 'notFound' };

export const location$ = signal({ path: location.pathname, search: location.search });

export function screenOf(path: string, search: string): Screen {
  const rest = path.startsWith(BASE) ? path.slice(BASE.length).replace(/\/+$/, '') : path;
  if (rest === '') return { name: 'overview' };
  if (rest === '/threads') return { name: 'threads', query: new URLSearchParams(search) };
  const thread = /^\/threads\/([^/]+)$/.exec(rest);
  if (thread) return { name: 'thread', id: decodeURIComponent(thread[1]!) };
  if (rest === '/saved-replies') return { name: 'savedReplies' };
  const admin = { '/admin/contacts': 'contacts', '/admin/employees': 'employees', '/admin/options': 'options', '/admin/order-messages': 'orderMessages' } as const;
  if (rest in admin) return { name: admin[rest as keyof typeof admin] };
  return { name: 'notFound' };
}

export const paths = {
  overview: `${BASE}/`,
  threads: (query?: Record<string, string | undefined>) => {
    const q = new URLSearchParams(Object.entries(query ?? {}).filter((e): e is [string, string] => !!e[1]));
    return `${BASE}/threads${q.size > 0 ? `?${q}` : ''}`;
  },
  thread: (id: string) => `${BASE}/threads/${encodeURIComponent(id)}`,
  savedReplies: `${BASE}/saved-replies`,
  contacts: `${BASE}/admin/contacts`,
  employees: `${BASE}/admin/employees`,
  options: `${BASE}/admin/options`,
  orderMessages: `${BASE}/admin/order-messages`,
};

export function navigate(to: string, replace = false): void {
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  location$.value = { path: location.pathname, search: location.search };
  if (!replace) window.scrollTo(0, 0);
}

addEventListener('popstate', () => {
  location$.value = { path: location.pathname, search: location.search };
});

/** A click on a console link moves inside the page; a click with a modifier opens a tab as usual. */
export function onLinkClick(event: MouseEvent): void {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const anchor = (event.target as Element).closest?.('a');
  const href = anchor?.getAttribute('href');
  if (!anchor || !href?.startsWith(`${BASE}/`) || anchor.target) return;
  event.preventDefault();
  navigate(href);
}
