// The pages' client of the ShopDesk API: JSON over fetch, problem+json turned into ApiError, uploads with progress.
import type { z } from 'zod';
import type { UploadSlotBody } from '../../functions/http/schemas/common';
import type { ProblemSchema, UploadSlot } from '../../functions/http/schemas/common-responses';

export type Problem = z.infer<typeof ProblemSchema>;
export type UploadSlotRequest = z.input<typeof UploadSlotBody>;
export type UploadSlotResponse = z.infer<typeof UploadSlot>;

/** An answer of the API that is not a success, with what a page needs to explain it. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  /** Seconds, from Retry-After (429, 503). */
  readonly retryAfter?: number;

  constructor(status: number, problem: Problem, retryAfter?: number) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
    this.retryAfter = retryAfter;
  }

  /** Field errors by field name ("email", "uploadIds.0"), the first message of each. */
  get fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.problem.errors ?? []) out[e.field] ??= e.message;
    return out;
  }
}

/** The request never got an answer (offline, DNS, CORS refused). */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super('The server could not be reached.', { cause });
    this.name = 'NetworkError';
  }
}

export interface RequestOptions {
  body?: unknown;
  query?: Record<string, string | undefined>;
  headers?: Record<string, string>;
  token?: string;
}

export interface ApiClient {
  readonly base: string;
  request<T>(method: string, path: string, options?: RequestOptions): Promise<T>;
  get<T>(path: string, options?: RequestOptions): Promise<T>;
  post<T>(path: string, body: unknown, options?: RequestOptions): Promise<T>;
}

/** A client of the API at `base` ('' for the page's own origin). */
export function apiClient(base: string): ApiClient {
  const root = base.replace(/\/+$/, '');
  const request = async <T>(method: string, path: string, options: RequestOptions = {}): Promise<T> => {
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(options.query ?? {})) if (v !== undefined) query.set(k, v);
    const url = `${root}${path}${query.size > 0 ? `?${query}` : ''}`;
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(url, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body), credentials: 'omit' });
    } catch (error) {
      throw new NetworkError(error);
    }
    const text = await res.text();
    const data: unknown = text && /json/i.test(res.headers.get('content-type') ?? '') ? JSON.parse(text) : undefined;
    if (!res.ok) throw new ApiError(res.status, asProblem(res.status, data), retryAfterOf(res.headers.get('retry-after')));
    return data as T;
  };
  return {
    base: root,
    request,
    get: (path, options) => request('GET', path, options),
    post: (path, body, options) => request('POST', path, { ...options, body }),
  };
}

function asProblem(status: number, data: unknown): Problem {
  if (data && typeof data === 'object' && 'title' in data) return data as Problem;
  return { type: 'about:blank', title: `HTTP ${status}`, status };
}

function retryAfterOf(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.round((at - Date.now()) / 1000));
}

/** Minutes to wait, rounded up, at least 1: what a person is told after a 429. */
export function minutesToWait(error: ApiError): number {
  return Math.max(1, Math.ceil((error.retryAfter ?? 60) / 60));
}

export interface UploadLimits {
  allowed: boolean;
  maxBytes: number;
  extensions: string[];
}

/** Why a file is refused before any upload, with the API's own rules (C5), or undefined when it may go. */
export function fileProblem(file: File, limits: UploadLimits): 'type' | 'size' | 'empty' | undefined {
  const ext = /\.([A-Za-z0-9]{1,8})$/.exec(file.name)?.[1]?.toLowerCase() ?? '';
  if (!limits.extensions.includes(ext)) return 'type';
  if (file.size === 0) return 'empty';
  if (file.size > limits.maxBytes) return 'size';
  return undefined;
}

/** A media type the API accepts for the slot: the browser's guess, or a neutral one when it has none. */
export function contentTypeOf(file: File): string {
  return /^[\w.+-]+\/[\w.+-]+$/.test(file.type) ? file.type : 'application/octet-stream';
}

/**
 * Asks for an upload slot, then posts the file straight to storage (presigned POST).
 * XMLHttpRequest rather than fetch: only it reports upload progress.
 */
export async function uploadFile(api: ApiClient, slotPath: string, file: File, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<string> {
  const slot = await api.post<UploadSlotResponse>(slotPath, { fileName: file.name, contentType: contentTypeOf(file), size: file.size } satisfies UploadSlotRequest);
  const form = new FormData();
  for (const [k, v] of Object.entries(slot.fields)) form.append(k, v);
  form.append('file', file, file.name);
  await new Promise<void>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', slot.url);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve();
      } else reject(new ApiError(xhr.status, { type: 'upload-refused', title: 'The storage refused the file.', status: xhr.status }));
    };
    xhr.onerror = () => reject(new NetworkError(new Error('upload failed')));
    xhr.onabort = () => reject(new DOMException('Aborted', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(form);
  });
  return slot.uploadId;
}
