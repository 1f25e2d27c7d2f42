// Posts a file to a presigned upload slot, as a browser form would.
import type { Api } from './harness';

export async function uploadFile(api: Api, route: '/v1/public/uploads' | '/v1/uploads', fileName: string, contentType: string, content: Buffer, declaredSize = content.length): Promise<string> {
  const slot = await api.post(route, { fileName, contentType, size: declaredSize }, route === '/v1/public/uploads' ? null : undefined);
  if (slot.status !== 201) throw new Error(`upload slot refused: ${slot.status} ${JSON.stringify(slot.body)}`);
  const form = new FormData();
  for (const [k, v] of Object.entries(slot.body.fields as Record<string, string>)) form.append(k, v);
  form.append('file', new Blob([content], { type: contentType }), fileName);
  const res = await fetch(slot.body.url, { method: 'POST', body: form });
  if (res.status >= 300) throw new Error(`upload failed: ${res.status} ${await res.text()}`);
  return slot.body.uploadId as string;
}

/** A real 1×1 PNG. */
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
/** A minimal PDF header, enough for content sniffing. */
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
