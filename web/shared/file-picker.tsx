// The file field of the customer's forms: picks files, refuses with the API's rules before any upload, shows progress.
import { fileProblem, uploadFile, type ApiClient, type UploadLimits } from './api';
import { formatBytes, type Lang } from './i18n';

export interface PickedFile {
  key: number;
  file: File;
  /** 0..1 while uploading; 1 once in storage. */
  progress: number;
  /** Set once stored: a retry of the same attempt does not upload it again. */
  uploadId?: string;
  error?: string;
}

export interface FilePickerTexts {
  filesLabel: string;
  filesHint: (count: number, extensions: string, size: string) => string;
  removeFile: (name: string) => string;
  uploading: string;
  uploaded: string;
  fileType: (name: string, extensions: string) => string;
  fileSize: (name: string, size: string) => string;
  fileEmpty: (name: string) => string;
  tooManyFiles: (count: number) => string;
}

/** The API takes at most this many uploads per message. */
export const MAX_FILES = 5;

let nextKey = 1;

/** Adds the chosen files that pass the rules; returns the new list and a message for those refused. */
export function addFiles(current: PickedFile[], chosen: File[], limits: UploadLimits, lang: Lang, t: FilePickerTexts): { files: PickedFile[]; refused: string[] } {
  const files = [...current];
  const refused: string[] = [];
  const extensions = limits.extensions.join(', ');
  for (const file of chosen) {
    const problem = fileProblem(file, limits);
    if (problem === 'type') refused.push(t.fileType(file.name, extensions));
    else if (problem === 'size') refused.push(t.fileSize(file.name, formatBytes(limits.maxBytes, lang)));
    else if (problem === 'empty') refused.push(t.fileEmpty(file.name));
    else if (files.length >= MAX_FILES) refused.push(t.tooManyFiles(MAX_FILES));
    else files.push({ key: nextKey++, file, progress: 0 });
  }
  return { files, refused: [...new Set(refused)] };
}

/** An upload of one picked file failed; `cause` is the ApiError or NetworkError. */
export class FileUploadError extends Error {
  constructor(readonly key: number, cause: unknown) {
    super('An upload failed.', { cause });
    this.name = 'FileUploadError';
  }
}

/** Uploads, one after the other, the files not yet in storage; reports each change through `update`. */
export async function uploadPicked(api: ApiClient, slotPath: string, files: PickedFile[], update: (files: PickedFile[]) => void): Promise<string[]> {
  let current = files;
  const patch = (key: number, change: Partial<PickedFile>) => {
    current = current.map((f) => (f.key === key ? { ...f, ...change } : f));
    update(current);
  };
  for (const f of files) {
    if (f.uploadId) continue;
    patch(f.key, { progress: 0.01, error: undefined });
    try {
      const uploadId = await uploadFile(api, slotPath, f.file, (p) => patch(f.key, { progress: Math.max(0.01, p) }));
      patch(f.key, { uploadId, progress: 1 });
    } catch (error) {
      patch(f.key, { progress: 0 });
      throw new FileUploadError(f.key, error);
    }
  }
  return current.map((f) => f.uploadId!);
}

export function FilePicker(props: {
  id: string;
  lang: Lang;
  t: FilePickerTexts;
  limits: UploadLimits;
  files: PickedFile[];
  refused: string[];
  disabled: boolean;
  onPick(files: File[]): void;
  onRemove(key: number): void;
}) {
  const { id, lang, t, limits, files, refused, disabled } = props;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  return (
    <div class="field files" part="field files">
      <label for={id} part="label">
        {t.filesLabel}
      </label>
      <p class="hint" id={hintId} part="hint">
        {t.filesHint(MAX_FILES, limits.extensions.join(', '), formatBytes(limits.maxBytes, lang))}
      </p>
      <input
        id={id}
        name="files"
        type="file"
        multiple
        part="input file-input"
        accept={limits.extensions.map((e) => `.${e}`).join(',')}
        aria-describedby={refused.length > 0 ? `${hintId} ${errorId}` : hintId}
        aria-invalid={refused.length > 0 ? 'true' : undefined}
        disabled={disabled || files.length >= MAX_FILES}
        onChange={(e) => {
          const input = e.currentTarget;
          props.onPick([...(input.files ?? [])]);
          input.value = '';
        }}
      />
      <div id={errorId} class="error" part="error" role="alert">
        {refused.map((r) => (
          <p key={r}>{r}</p>
        ))}
      </div>
      {files.length > 0 && (
        <ul class="file-list" part="file-list">
          {files.map((f) => (
            <li key={f.key} class={f.error ? 'file has-error' : 'file'} part="file">
              <span class="file-name">{f.file.name}</span> <span class="file-size">({formatBytes(f.file.size, lang)})</span>
              {f.progress > 0 && (
                <progress max={1} value={f.progress} aria-label={`${f.progress < 1 ? t.uploading : t.uploaded}: ${f.file.name}`} part="progress" />
              )}
              <button type="button" class="remove" part="button remove" disabled={disabled} aria-label={t.removeFile(f.file.name)} onClick={() => props.onRemove(f.key)}>
                ×
              </button>
              {f.error && (
                <p class="error" part="error">
                  {f.error}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
