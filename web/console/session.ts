// The console's session (A12): the bearer token in this tab's sessionStorage (the console's origin only, never a URL), the
// signed-in employee, and every API call made with it; a 401 ends the session with a message saying why.
import { signal } from '@preact/signals';
import type { z } from 'zod';
import type { SessionCreated } from '../../functions/http/schemas/auth';
import { ApiError, apiClient, type ApiClient, type RequestOptions } from '../shared/api';

export type Employee = z.infer<typeof SessionCreated>['employee'];
interface Session {
  token: string;
  employee: Employee;
}

const KEY = 'shopdesk.console.session';
export const api = apiClient('');

/** Why the sign-in screen shows: asked to sign out, the session ended (idle, deactivated), or a link that did not work. */
export type SignInReason = 'signedOut' | 'sessionEnded' | 'expired' | 'invalid' | null;

export const session = signal<Session | null>(read());
export const signInReason = signal<SignInReason>(null);
/** The language the employee picked in this tab; their own language otherwise. */
export const chosenLang = signal<string | null>(sessionStorage.getItem(`${KEY}.lang`));

function read(): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

function keep(value: Session | null): void {
  if (value) sessionStorage.setItem(KEY, JSON.stringify(value));
  else sessionStorage.removeItem(KEY);
  session.value = value;
}

export function chooseLang(lang: string): void {
  sessionStorage.setItem(`${KEY}.lang`, lang);
  chosenLang.value = lang;
}

/** Exchanges the code of a sign-in link (single use) for a session. */
export async function openSession(code: string): Promise<void> {
  try {
    const created = await api.post<z.infer<typeof SessionCreated>>('/v1/auth/sessions', { code });
    keep({ token: created.token, employee: created.employee });
    signInReason.value = null;
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 400)) {
      signInReason.value = (error.problem as { reason?: string }).reason === 'sign-in-link-expired' ? 'expired' : 'invalid';
      return;
    }
    throw error;
  }
}

/** A call of the agents' API with the session's token; a 401 means the session is over: back to the sign-in screen. */
export async function call<T>(method: string, path: string, options: Omit<RequestOptions, 'token'> = {}): Promise<T> {
  const current = session.value;
  if (!current) throw new ApiError(401, { type: 'about:blank', title: 'Signed out', status: 401 });
  try {
    return await api.request<T>(method, path, { ...options, token: current.token, headers: { 'accept-language': chosenLang.value ?? current.employee.lang, ...options.headers } });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401 && session.value?.token === current.token) {
      keep(null);
      signInReason.value = 'sessionEnded';
    }
    throw error;
  }
}

/** The same calls as an ApiClient, for what the pages share (uploads of a reply's files go through the agents' slot). */
export const sessionApi: ApiClient = {
  base: '',
  request: (method, path, options) => call(method, path, options),
  get: (path, options) => call('GET', path, options),
  post: (path, body, options) => call('POST', path, { ...options, body }),
};

export async function signOut(): Promise<void> {
  try {
    await call('DELETE', '/v1/auth/sessions/current');
  } finally {
    keep(null);
    signInReason.value = 'signedOut';
  }
}
