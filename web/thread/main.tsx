// The customer's thread page (U1): /t/{threadId}#{token} shows the thread's public messages and a form to answer.
import { computed, signal } from '@preact/signals';
import { render } from 'preact';
import type { z } from 'zod';
import type { CustomerAnswerBody } from '../../functions/http/schemas/public-requests';
import type { CustomerAnswerResult, CustomerThread, PublicContacts } from '../../functions/http/schemas/public';
import { ApiError, NetworkError, apiClient, minutesToWait, type UploadLimits } from '../shared/api';
import { Attachments } from '../shared/attachments';
import { FilePicker, FileUploadError, addFiles, uploadPicked, type PickedFile } from '../shared/file-picker';
import { LANGS, LANGUAGE_NAMES, browserLangs, formatDateTime, isLang, pickLang, type Lang } from '../shared/i18n';
import { TEXTS } from './texts';
import './style.css';

type Thread = z.infer<typeof CustomerThread>;
type Message = Thread['messages'][number];

const api = apiClient('');
const threadId = decodeURIComponent(location.pathname.split('/')[2] ?? '');
const token = decodeURIComponent(location.hash.slice(1));
const threadPath = `/v1/public/threads/${encodeURIComponent(threadId)}`;

const state = signal<'loading' | 'ready' | 'invalid' | 'unreachable'>('loading');
const thread = signal<Thread | null>(null);
const limits = signal<UploadLimits>({ allowed: false, maxBytes: 0, extensions: [] });
const chosenLang = signal<Lang | null>(null);
const lang = computed<Lang>(() => chosenLang.value ?? thread.value?.lang ?? pickLang(...browserLangs()));
const t = computed(() => TEXTS[lang.value]);

const message = signal('');
const files = signal<PickedFile[]>([]);
const refused = signal<string[]>([]);
const sending = signal(false);
const fieldErrors = signal<Record<string, string>>({});
const formError = signal<string | null>(null);
const notice = signal<string | null>(null);

async function load(): Promise<void> {
  if (!threadId || !token) {
    state.value = 'invalid';
    return;
  }
  try {
    const [view, contacts] = await Promise.all([
      api.get<Thread>(threadPath, { query: { token } }),
      api.get<z.infer<typeof PublicContacts>>('/v1/public/contacts', { query: { lang: 'en' } }),
    ]);
    thread.value = view;
    limits.value = contacts.uploads;
    state.value = 'ready';
  } catch (error) {
    state.value = error instanceof ApiError && (error.status === 404 || error.status === 400) ? 'invalid' : 'unreachable';
  }
}

async function send(event: Event): Promise<void> {
  event.preventDefault();
  if (sending.value) return;
  const texts = t.value;
  fieldErrors.value = {};
  formError.value = null;
  notice.value = null;
  if (message.value.trim() === '') {
    fieldErrors.value = { message: texts.required };
    (document.getElementById('answer') as HTMLTextAreaElement | null)?.focus();
    return;
  }
  sending.value = true;
  try {
    const uploadIds = await uploadPicked(api, '/v1/public/uploads', files.value, (f) => (files.value = f));
    const body: z.input<typeof CustomerAnswerBody> = { message: message.value, ...(uploadIds.length > 0 ? { uploadIds } : {}) };
    await api.post<z.infer<typeof CustomerAnswerResult>>(`${threadPath}/messages`, body, { query: { token } });
    message.value = '';
    files.value = [];
    notice.value = texts.sent;
    thread.value = await api.get<Thread>(threadPath, { query: { token } });
  } catch (error) {
    showError(error);
  } finally {
    sending.value = false;
  }
}

function showError(error: unknown): void {
  const texts = t.value;
  const cause = error instanceof FileUploadError ? error.cause : error;
  if (error instanceof FileUploadError && cause instanceof ApiError && cause.status === 400) {
    const names = limits.value.extensions.join(', ');
    files.value = files.value.map((f) => (f.key === error.key ? { ...f, error: texts.fileType(f.file.name, names) } : f));
    formError.value = texts.fixFields;
  } else if (cause instanceof ApiError && cause.status === 404) {
    state.value = 'invalid';
  } else if (cause instanceof ApiError && cause.status === 429) {
    formError.value = texts.tryAgainIn(minutesToWait(cause));
  } else if (cause instanceof ApiError && cause.status === 413) {
    formError.value = texts.tooLarge;
  } else if (cause instanceof ApiError && cause.status === 400) {
    const errors = cause.fieldErrors;
    // A file the storage took but the desk refused (its content is not what its name says) is picked again.
    files.value = files.value.map((f, i) => (errors[`uploadIds.${i}`] ? { ...f, uploadId: undefined, progress: 0, error: errors[`uploadIds.${i}`] } : f));
    fieldErrors.value = errors;
    formError.value = texts.fixFields;
  } else if (cause instanceof NetworkError) {
    formError.value = texts.offline;
  } else {
    formError.value = texts.failed;
  }
}

function LanguageSwitch() {
  return (
    <nav class="langs" aria-label={t.value.language}>
      <ul>
        {LANGS.map((l) => (
          <li key={l}>
            <button type="button" lang={l} aria-pressed={l === lang.value} onClick={() => (chosenLang.value = l)}>
              {LANGUAGE_NAMES[l]}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function MessageItem({ m }: { m: Message }) {
  const texts = t.value;
  const who = m.author === 'customer' ? texts.you : m.authorName ? `${m.authorName} — ${texts.customerService}` : texts.customerService;
  return (
    <li class={`message ${m.author}`}>
      <article aria-label={`${who}, ${formatDateTime(m.createdAt, lang.value)}`}>
        <header>
          <strong>{who}</strong> <time dateTime={m.createdAt}>{formatDateTime(m.createdAt, lang.value)}</time>
        </header>
        <p class="text">{m.text}</p>
        <Attachments
          heading={texts.attachments}
          items={m.attachments}
          lang={lang.value}
          link={(a) => (
            <a href={a.url} download={a.fileName} rel="noopener noreferrer">
              {a.fileName}
            </a>
          )}
        />
      </article>
    </li>
  );
}

function AnswerForm({ closed }: { closed: boolean }) {
  const texts = t.value;
  const errors = fieldErrors.value;
  const hintIds = ['answer-hint', errors.message ? 'answer-error' : ''].filter(Boolean).join(' ');
  return (
    <section class="answer" aria-labelledby="answer-heading">
      <h2 id="answer-heading">{texts.answerHeading}</h2>
      {closed && <p class="hint">{texts.closedHint}</p>}
      <form onSubmit={(e) => void send(e)} noValidate>
        <div class="field">
          <label for="answer">{texts.answerLabel}</label>
          <textarea
            id="answer"
            name="message"
            rows={6}
            maxLength={20000}
            value={message.value}
            aria-invalid={errors.message ? 'true' : undefined}
            aria-describedby={hintIds}
            disabled={sending.value}
            onInput={(e) => (message.value = e.currentTarget.value)}
          />
          <p class="hint" id="answer-hint">
            {texts.answerHint}
          </p>
          {errors.message && (
            <p class="error" id="answer-error">
              {errors.message}
            </p>
          )}
        </div>
        {limits.value.allowed && (
          <FilePicker
            id="answer-files"
            lang={lang.value}
            t={texts}
            limits={limits.value}
            files={files.value}
            refused={refused.value}
            disabled={sending.value}
            onPick={(chosen) => {
              const added = addFiles(files.value, chosen, limits.value, lang.value, texts);
              files.value = added.files;
              refused.value = added.refused;
            }}
            onRemove={(key) => {
              files.value = files.value.filter((f) => f.key !== key);
              refused.value = [];
            }}
          />
        )}
        <div class="form-error" role="alert">
          {formError.value && <p class="error">{formError.value}</p>}
        </div>
        <button type="submit" class="primary" disabled={sending.value}>
          {sending.value ? texts.sending : texts.send}
        </button>
        <p class="notice" role="status">
          {notice.value}
        </p>
      </form>
    </section>
  );
}

function ThreadView({ view }: { view: Thread }) {
  const texts = t.value;
  const closed = view.status === 'closed';
  return (
    <>
      <h1>{texts.heading(view.contact?.name ?? null)}</h1>
      <dl class="meta">
        {view.orderReference && (
          <div>
            <dt>{texts.order}</dt>
            <dd>{view.orderReference}</dd>
          </div>
        )}
        <div>
          <dt>{texts.startedOn}</dt>
          <dd>
            <time dateTime={view.createdAt}>{formatDateTime(view.createdAt, lang.value)}</time>
          </dd>
        </div>
        <div>
          <dt>{texts.status}</dt>
          {/* pending1 and pending2 are the team's own marks: the customer sees an open request. */}
          <dd>{closed ? texts.statuses.closed : texts.statuses.open}</dd>
        </div>
      </dl>
      <ol class="messages">
        {view.messages.map((m) => (
          <MessageItem key={m.id} m={m} />
        ))}
      </ol>
      <AnswerForm closed={closed} />
    </>
  );
}

function Page() {
  const texts = t.value;
  document.documentElement.lang = lang.value;
  document.title = state.value === 'invalid' ? texts.invalidTitle : texts.pageTitle;
  return (
    <>
      <header class="top">
        <LanguageSwitch />
      </header>
      <main id="main" aria-busy={state.value === 'loading'}>
        {state.value === 'loading' && <p class="muted">{texts.loading}</p>}
        {state.value === 'invalid' && (
          <div class="invalid">
            <h1>{texts.invalidTitle}</h1>
            <p>{texts.invalidText}</p>
          </div>
        )}
        {state.value === 'unreachable' && (
          <div class="invalid">
            <h1>{texts.pageTitle}</h1>
            <p class="error">{texts.offline}</p>
          </div>
        )}
        {state.value === 'ready' && thread.value && <ThreadView view={thread.value} />}
      </main>
    </>
  );
}

const wanted = new URLSearchParams(location.search).get('lang');
if (isLang(wanted)) chosenLang.value = wanted;
render(<Page />, document.getElementById('app')!);
void load();
