// A message's files as the pages list them: name and size, the link being each page's own (a token link, a signed one).
import type { ComponentChildren } from 'preact';
import { formatBytes, type Lang } from './i18n';

interface Attachment {
  id: string;
  fileName: string;
  size: number;
}

export function Attachments<A extends Attachment>({ heading, items, lang, link }: { heading: string; items: A[]; lang: Lang; link(attachment: A): ComponentChildren }) {
  if (items.length === 0) return null;
  return (
    <div class="attachments">
      <h3>{heading}</h3>
      <ul>
        {items.map((a) => (
          <li key={a.id}>
            {link(a)} <span class="muted">({formatBytes(a.size, lang)})</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
