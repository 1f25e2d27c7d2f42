// The five languages of the pages: picking one, naming them, and dates and sizes in each. Texts live in each page's catalogue.
import type { z } from 'zod';
import type { Lang as LangSchema } from '../../functions/http/schemas/common';

export type Lang = z.infer<typeof LangSchema>;

export const LANGS = ['en', 'fr', 'de', 'es', 'ru'] as const satisfies readonly Lang[];

/** Each language named in itself, as a switch shows it. */
export const LANGUAGE_NAMES: Record<Lang, string> = { en: 'English', fr: 'Français', de: 'Deutsch', es: 'Español', ru: 'Русский' };

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

/** The first of the candidates that is one of the five languages ("fr-CA" counts as fr), else en. */
export function pickLang(...candidates: (string | null | undefined)[]): Lang {
  for (const candidate of candidates) {
    const base = candidate?.toLowerCase().split(/[-_]/)[0];
    if (isLang(base)) return base;
  }
  return 'en';
}

/** The browser's preferred languages, best first. */
export function browserLangs(): string[] {
  return typeof navigator === 'undefined' ? [] : [...(navigator.languages ?? []), navigator.language];
}

/** A page's texts: one complete set per language (the type makes a missing text a compile error). */
export type Catalogue<T> = Record<Lang, T>;

export function formatDateTime(iso: string, lang: Lang): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

export function formatBytes(bytes: number, lang: Lang): string {
  const units = ['byte', 'kilobyte', 'megabyte'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return new Intl.NumberFormat(lang, { style: 'unit', unit: units[unit], unitDisplay: 'short', maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value);
}
