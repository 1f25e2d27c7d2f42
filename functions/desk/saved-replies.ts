// Saved replies (T3): localized texts with placeholders, filled in the thread's language when an agent inserts one.
import type { Lang, Localized } from './model';
import { localize } from './vocabulary';

export interface SavedReply {
  id: string;
  name: Localized;
  text: Localized;
  createdAt: string;
  updatedAt: string;
}

/** The placeholders a saved reply may hold, by name, as written in its text: `{customerName}`. */
export const PLACEHOLDERS = ['customerName', 'firstName', 'lastName', 'email', 'orderReference'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

/** How a customer without a known name is addressed ("Dear customer"). */
const CUSTOMER: Record<Lang, string> = { en: 'customer', fr: 'client', de: 'Kunde', es: 'cliente', ru: 'клиент' };

export interface FilledReply {
  lang: Lang;
  name: string;
  text: string;
  /** Placeholders with no value for this thread, left as written so that the agent sees them. */
  missing: Placeholder[];
}

/**
 * The reply in the thread's language (else English) with its placeholders filled. A missing name becomes the
 * language's word for customer; a missing order reference stays `{orderReference}` and is named in `missing`.
 */
export function fillSavedReply(reply: Pick<SavedReply, 'name' | 'text'>, lang: Lang, values: Partial<Record<Placeholder, string>>): FilledReply {
  const missing = new Set<Placeholder>();
  const text = localize(reply.text, lang).replace(/\{(\w+)\}/g, (whole, name: string) => {
    if (!(PLACEHOLDERS as readonly string[]).includes(name)) return whole;
    const value = values[name as Placeholder];
    if (value) return value;
    if (name === 'customerName' || name === 'firstName') return CUSTOMER[lang];
    if (name === 'lastName') return '';
    missing.add(name as Placeholder);
    return whole;
  });
  return { lang, name: localize(reply.name, lang), text, missing: [...missing] };
}
