// Plain-text helpers of the domain: previews and header-safe values.

export const PREVIEW_LENGTH = 120;

export function previewOf(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= PREVIEW_LENGTH ? flat : flat.slice(0, PREVIEW_LENGTH - 1) + '…';
}

/** Removes what could break out of a mail header (CR, LF, other controls). */
export function headerSafe(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();  
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
