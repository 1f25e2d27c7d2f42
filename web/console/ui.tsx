// What every screen of the console shares: the language and its texts, loading API data (again on each poll), errors, formats.
import { computed, signal } from '@preact/signals';
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, NetworkError, minutesToWait } from '../shared/api';
import { browserLangs, pickLang, type Lang } from '../shared/i18n';
import { chosenLang, session } from './session';
import { TEXTS } from './texts';

export const lang = computed<Lang>(() => pickLang(chosenLang.value, session.value?.employee.lang, ...browserLangs()));
export const t = computed(() => TEXTS[lang.value]);

/** New messages appear without a reload (U3): every screen loads its data again on each tick, at most every 30 s, only while visible. */
export const POLL_MS = 30_000;
export const tick = signal(0);

export function startPolling(): void {
  let last = Date.now();
  const due = () => {
    if (document.visibilityState !== 'visible' || Date.now() - last < POLL_MS - 500) return;
    last = Date.now();
    tick.value++;
  };
  setInterval(due, 5_000);
  document.addEventListener('visibilitychange', due);
}

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  reload(): Promise<void>;
}

/** Loads with `load` when `keys` change and, unless `poll` is false, on each poll tick (keeping what is shown while it reloads). */
export function useLoad<T>(load: () => Promise<T>, keys: unknown[], poll = true): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const run = async (isCurrent: () => boolean) => {
    try {
      const value = await load();
      if (isCurrent()) {
        setData(value);
        setError(undefined);
      }
    } catch (e) {
      if (isCurrent()) setError(e);
    }
  };
  useEffect(() => {
    setData(undefined);
    setError(undefined);
  }, keys);
  useEffect(() => {
    let current = true;
    void run(() => current);
    return () => {
      current = false;
    };
  }, [...keys, poll ? tick.value : 0]);
  return { data, error, reload: () => run(() => true) };
}

/** A sentence for an error of the API or the network. */
export function errorText(error: unknown): string {
  const texts = t.value;
  if (error instanceof ApiError && error.status === 403) return texts.forbidden;
  if (error instanceof ApiError && error.status === 404) return texts.notFound;
  if (error instanceof ApiError && error.status === 429) return texts.tryAgainIn(minutesToWait(error));
  if (error instanceof ApiError && error.status === 400) return error.problem.detail ?? texts.fixFields;
  if (error instanceof ApiError && error.status === 409 && error.problem.detail) return error.problem.detail;
  if (error instanceof NetworkError) return texts.offline;
  return texts.failed;
}

/** The API's field errors by field ("name.en"), as the problem+json `errors` give them. */
export type FieldErrors = Record<string, string>;

/** The console's words for a rule of the API it knows; undefined for any other. */
function ruleText(message: string): string | undefined {
  const texts = t.value;
  const max = /^At most (\d+) characters\.$/.exec(message)?.[1];
  if (max) return texts.tooLong(Number(max));
  // A required field left empty is not sent at all: zod then says the string is missing.
  if (message === 'Required.' || /expected string, received undefined/.test(message)) return texts.required;
  if (message === 'Not a valid e-mail address.') return texts.invalidEmail;
  return undefined;
}

/**
 * The field errors of a refused request (400), in the console's language for the rules it knows (required, too long, not an
 * e-mail address); any other keeps the API's words. Empty for any other error.
 */
export function fieldErrorsOf(error: unknown): FieldErrors {
  if (!(error instanceof ApiError) || error.status !== 400) return {};
  const out: FieldErrors = {};
  for (const [field, message] of Object.entries(error.fieldErrors)) out[field] = ruleText(message) ?? message;
  return out;
}

/** The screen's body while its data loads, or its error; the children once loaded. */
export function Loading<T>({ loaded, children }: { loaded: Loaded<T>; children: (data: T) => ComponentChildren }) {
  if (loaded.data !== undefined) return <>{children(loaded.data)}</>;
  if (loaded.error !== undefined)
    return (
      <p class="error" role="alert">
        {errorText(loaded.error)}
      </p>
    );
  return <p class="muted">{t.value.loading}</p>;
}

export function formatMoney(amount: number, currency: string, l: Lang): string {
  try {
    return new Intl.NumberFormat(l, { style: 'currency', currency }).format(amount);
  } catch {
    return `${amount} ${currency}`;
  }
}

/** A duration in the largest unit that keeps it readable: minutes, hours or days. */
export function formatDuration(seconds: number, l: Lang): string {
  const [value, unit] = seconds < 3600 ? [seconds / 60, 'minute'] : seconds < 86_400 ? [seconds / 3600, 'hour'] : [seconds / 86_400, 'day'];
  return new Intl.NumberFormat(l, { style: 'unit', unit, unitDisplay: 'long', maximumFractionDigits: unit === 'minute' ? 0 : 1 }).format(value);
}

/** A status as a coloured mark and its word: the colour never carries the meaning alone. */
export function StatusBadge({ status }: { status: 'open' | 'closed' | 'pending1' | 'pending2' }) {
  return <span class={`status status-${status}`}>{t.value.statuses[status]}</span>;
}

/** A line that says what just happened, read out by screen readers. */
export function Notice({ text, error }: { text: string | null; error?: boolean }) {
  return (
    <p class={error ? 'notice error' : 'notice'} role={error ? 'alert' : 'status'}>
      {text}
    </p>
  );
}
