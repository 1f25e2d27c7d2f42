// <shopdesk-contact-form api="…" lang="fr">: the embeddable contact form (U2), in a Shadow DOM so no style leaks either way.
import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { z } from 'zod';
import type { ContactFormBody } from '../../functions/http/schemas/public-requests';
import type { ContactFormResult, PublicContacts } from '../../functions/http/schemas/public';
import { ApiError, NetworkError, apiClient, minutesToWait, type ApiClient } from '../shared/api';
import { FilePicker, FileUploadError, addFiles, uploadPicked, type PickedFile } from '../shared/file-picker';
import { browserLangs, pickLang, type Lang } from '../shared/i18n';
import STYLE from './style.css';
import { loadTexts, type FormTexts } from './texts';

type Contacts = z.infer<typeof PublicContacts>;
type Body = z.input<typeof ContactFormBody>;
type Fields = Omit<Required<Body>, 'lang' | 'uploadIds'>;

const EMPTY: Fields = { contactId: '', email: '', name: '', orderReference: '', message: '', website: '' };
const FIELD_NAMES = ['contactId', 'email', 'name', 'orderReference', 'message'] as const;

/** 128 random bits; getRandomValues also works on plain-HTTP shop pages, where randomUUID does not exist. */
function newIdempotencyKey(): string {
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The API's field errors, told in the customer's language (the API speaks English). */
function localizedFieldErrors(error: ApiError, t: FormTexts, message: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, apiMessage] of Object.entries(error.fieldErrors)) {
    if (field === 'message') out.message = message.length > 20_000 ? t.fieldErrors.messageTooLong : t.fieldErrors.message;
    else if ((FIELD_NAMES as readonly string[]).includes(field)) out[field] = t.fieldErrors[field as keyof FormTexts['fieldErrors']];
    else out[field] = apiMessage;
  }
  return out;
}

function ContactForm({ api, lang, t, preset }: { api: ApiClient; lang: Lang; t: FormTexts; preset: Partial<Fields> }) {
  const [contacts, setContacts] = useState<Contacts | null>(null);
  const [loadFailed, setLoadFailed] = useState(false);
  const [fields, setFields] = useState<Fields>({ ...EMPTY, ...preset });
  const [files, setFiles] = useState<PickedFile[]>([]);
  const [refused, setRefused] = useState<string[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [done, setDone] = useState(false);
  // The field to focus once the form is enabled again (a disabled field cannot take the focus).
  const [focusField, setFocusField] = useState<string | null>(null);
  // One key per attempt: the same values sent again (after a network error) reuse it, so the desk stores one message.
  const attempt = useRef<{ digest: string; key: string } | null>(null);
  const form = useRef<HTMLFormElement>(null);
  const successHeading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    setLoadFailed(false);
    api
      .get<Contacts>('/v1/public/contacts', { query: { lang } })
      .then((c) => {
        setContacts(c);
        setFields((f) => ({ ...f, contactId: c.items.some((i) => i.id === f.contactId) ? f.contactId : (c.items[0]?.id ?? '') }));
      })
      .catch(() => setLoadFailed(true));
  }, [api, lang]);

  useEffect(() => {
    if (done) successHeading.current?.focus();
  }, [done]);

  useEffect(() => {
    if (!focusField || sending) return;
    (form.current?.querySelector(`[name="${focusField}"]`) as HTMLElement | null)?.focus();
    setFocusField(null);
  }, [focusField, sending]);

  const set = (name: keyof Fields) => (e: Event) => setFields({ ...fields, [name]: (e.currentTarget as HTMLInputElement).value });

  async function submit(e: Event) {
    e.preventDefault();
    if (sending || !contacts) return;
    const local: Record<string, string> = {};
    if (!fields.email.trim()) local.email = t.fieldErrors.email;
    if (!fields.message.trim()) local.message = t.fieldErrors.message;
    setErrors(local);
    setFormError(null);
    if (Object.keys(local).length > 0) {
      focusFirstError(local);
      return;
    }
    setSending(true);
    try {
      const uploadIds = await uploadPicked(api, '/v1/public/uploads', files, setFiles);
      const body: Body = {
        contactId: fields.contactId,
        email: fields.email,
        message: fields.message,
        lang,
        ...(fields.name.trim() ? { name: fields.name } : {}),
        ...(fields.orderReference.trim() ? { orderReference: fields.orderReference } : {}),
        ...(uploadIds.length > 0 ? { uploadIds } : {}),
        ...(fields.website ? { website: fields.website } : {}),
      };
      const digest = JSON.stringify(body);
      if (attempt.current?.digest !== digest) attempt.current = { digest, key: newIdempotencyKey() };
      await api.post<z.infer<typeof ContactFormResult>>('/v1/public/messages', body, { headers: { 'idempotency-key': attempt.current.key } });
      attempt.current = null;
      setDone(true);
    } catch (error) {
      showError(error);
    } finally {
      setSending(false);
    }
  }

  function showError(error: unknown) {
    const cause = error instanceof FileUploadError ? error.cause : error;
    if (error instanceof FileUploadError && cause instanceof ApiError && cause.status === 400) {
      const names = contacts?.uploads.extensions.join(', ') ?? '';
      setFiles((list) => list.map((f) => (f.key === error.key ? { ...f, error: t.fileType(f.file.name, names) } : f)));
      setFormError(t.fixFields);
    } else if (cause instanceof ApiError && cause.status === 400) {
      const fieldErrors = localizedFieldErrors(cause, t, fields.message);
      // A file the storage took but the desk refused (its content is not what its name says) must be picked again.
      setFiles((list) => list.map((f, i) => (fieldErrors[`uploadIds.${i}`] ? { ...f, uploadId: undefined, progress: 0, error: fieldErrors[`uploadIds.${i}`] } : f)));
      setErrors(fieldErrors);
      setFormError(t.fixFields);
      focusFirstError(fieldErrors);
    } else if (cause instanceof ApiError && cause.status === 429) setFormError(t.tryAgainIn(minutesToWait(cause)));
    else if (cause instanceof ApiError && cause.status === 413) setFormError(t.tooLarge);
    else if (cause instanceof NetworkError) setFormError(t.offline);
    else setFormError(t.failed);
  }

  function focusFirstError(found: Record<string, string>) {
    setFocusField(FIELD_NAMES.find((f) => found[f]) ?? null);
  }

  if (done) {
    return (
      <div class="success" part="success" role="status">
        <h2 tabIndex={-1} ref={successHeading}>
          {t.successTitle}
        </h2>
        <p>{t.successText}</p>
        <button
          type="button"
          part="button"
          class="secondary"
          onClick={() => {
            setFields({ ...EMPTY, ...preset, contactId: fields.contactId, email: fields.email, name: fields.name });
            setFiles([]);
            setDone(false);
          }}
        >
          {t.another}
        </button>
      </div>
    );
  }
  if (loadFailed) return <p class="error" part="error" role="alert">{t.unavailable}</p>;
  if (!contacts) return <p class="hint" part="hint">{t.loading}</p>;

  const described = (name: string, hint?: string) => [hint, errors[name] ? `${name}-error` : ''].filter(Boolean).join(' ') || undefined;
  const fieldError = (name: string) =>
    errors[name] ? (
      <p class="error" id={`${name}-error`} part="error">
        {errors[name]}
      </p>
    ) : null;
  const invalid = (name: string) => (errors[name] ? 'true' : undefined);

  return (
    <form ref={form} part="form" onSubmit={(e) => void submit(e)} noValidate lang={lang}>
      <div class="field" part="field">
        <label for="contactId" part="label">
          {t.contact}
        </label>
        <select id="contactId" name="contactId" part="input select" value={fields.contactId} onChange={set('contactId')} aria-invalid={invalid('contactId')} aria-describedby={described('contactId')} disabled={sending}>
          {contacts.items.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
        {contacts.items.find((c) => c.id === fields.contactId)?.description && (
          <p class="hint" part="hint">
            {contacts.items.find((c) => c.id === fields.contactId)!.description}
          </p>
        )}
        {fieldError('contactId')}
      </div>
      <div class="field" part="field">
        <label for="email" part="label">
          {t.email}
        </label>
        <input id="email" name="email" type="email" part="input" autoComplete="email" required maxLength={254} value={fields.email} onInput={set('email')} aria-invalid={invalid('email')} aria-describedby={described('email')} disabled={sending} />
        {fieldError('email')}
      </div>
      <div class="field" part="field">
        <label for="name" part="label">
          {t.name} <span class="optional">{t.optional}</span>
        </label>
        <input id="name" name="name" type="text" part="input" autoComplete="name" maxLength={100} value={fields.name} onInput={set('name')} aria-invalid={invalid('name')} aria-describedby={described('name')} disabled={sending} />
        {fieldError('name')}
      </div>
      <div class="field" part="field">
        <label for="orderReference" part="label">
          {t.order} <span class="optional">{t.optional}</span>
        </label>
        <input id="orderReference" name="orderReference" type="text" part="input" maxLength={64} value={fields.orderReference} onInput={set('orderReference')} aria-invalid={invalid('orderReference')} aria-describedby={described('orderReference', 'order-hint')} disabled={sending} />
        <p class="hint" id="order-hint" part="hint">
          {t.orderHint}
        </p>
        {fieldError('orderReference')}
      </div>
      <div class="field" part="field">
        <label for="message" part="label">
          {t.message}
        </label>
        <textarea id="message" name="message" part="input textarea" rows={6} required value={fields.message} onInput={set('message')} aria-invalid={invalid('message')} aria-describedby={described('message')} disabled={sending} />
        {fieldError('message')}
      </div>
      {/* The honeypot: hidden from people and from assistive technology, filled only by robots (C6). */}
      <div class="trap" aria-hidden="true">
        <label for="website">{t.honeypot}</label>
        <input id="website" name="website" type="text" tabIndex={-1} autoComplete="off" value={fields.website} onInput={set('website')} />
      </div>
      {contacts.uploads.allowed && (
        <FilePicker
          id="files"
          lang={lang}
          t={t}
          limits={contacts.uploads}
          files={files}
          refused={refused}
          disabled={sending}
          onPick={(chosen) => {
            const added = addFiles(files, chosen, contacts.uploads, lang, t);
            setFiles(added.files);
            setRefused(added.refused);
          }}
          onRemove={(key) => {
            setFiles(files.filter((f) => f.key !== key));
            setRefused([]);
          }}
        />
      )}
      <div class="form-error" role="alert" part="form-error">
        {formError && <p class="error">{formError}</p>}
      </div>
      <button type="submit" class="primary" part="button submit" disabled={sending}>
        {sending ? t.sending : t.send}
      </button>
    </form>
  );
}

/** The API's address: the `api` attribute, else the origin this script came from (the pages and the API share it). */
function apiBase(element: HTMLElement): string {
  return element.getAttribute('api') || new URL(import.meta.url).origin;
}

class ShopdeskContactForm extends HTMLElement {
  static observedAttributes = ['api', 'lang'];
  private root: ShadowRoot | null = null;
  private draws = 0;

  connectedCallback() {
    if (!this.root) {
      this.root = this.attachShadow({ mode: 'open' });
      const style = document.createElement('style');
      style.textContent = STYLE;
      this.root.append(style, document.createElement('div'));
    }
    void this.draw();
  }

  disconnectedCallback() {
    if (this.root) render(null, this.root.lastElementChild!);
  }

  attributeChangedCallback() {
    if (this.root) void this.draw();
  }

  private async draw() {
    const draw = ++this.draws;
    const lang = pickLang(this.getAttribute('lang'), document.documentElement.lang, ...browserLangs());
    const preset: Partial<Fields> = {};
    for (const [attr, field] of [['contact', 'contactId'], ['email', 'email'], ['name', 'name'], ['order', 'orderReference']] as const) {
      const value = this.getAttribute(attr);
      if (value) preset[field] = value;
    }
    const base = apiBase(this);
    const t = await loadTexts(lang);
    // A newer attribute change drew meanwhile: its language wins.
    if (draw !== this.draws) return;
    render(<ContactForm key={base} api={apiClient(base)} lang={lang} t={t} preset={preset} />, this.root!.lastElementChild!);
  }
}

if (!customElements.get('shopdesk-contact-form')) customElements.define('shopdesk-contact-form', ShopdeskContactForm);
