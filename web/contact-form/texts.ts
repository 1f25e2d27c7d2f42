// The contact form's texts: their shape, and the loader that fetches one language's chunk (the form carries no other).
import type { FilePickerTexts } from '../shared/file-picker';
import type { Lang } from '../shared/i18n';

export interface FormTexts extends FilePickerTexts {
  heading: string;
  loading: string;
  contact: string;
  email: string;
  name: string;
  optional: string;
  order: string;
  orderHint: string;
  message: string;
  honeypot: string;
  send: string;
  sending: string;
  successTitle: string;
  successText: string;
  another: string;
  fieldErrors: { contactId: string; email: string; name: string; orderReference: string; message: string; messageTooLong: string };
  fixFields: string;
  tryAgainIn: (minutes: number) => string;
  tooLarge: string;
  offline: string;
  failed: string;
  unavailable: string;
}

/** One language's texts; each is its own file next to contact-form.js, so a form loads only the one it shows. */
export function loadTexts(lang: Lang): Promise<FormTexts> {
  const chunks: Record<Lang, () => Promise<{ default: FormTexts }>> = {
    en: () => import('./texts/en'),
    fr: () => import('./texts/fr'),
    de: () => import('./texts/de'),
    es: () => import('./texts/es'),
    ru: () => import('./texts/ru'),
  };
  return chunks[lang]().then((m) => m.default);
}
