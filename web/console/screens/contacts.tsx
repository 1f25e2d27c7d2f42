// Contacts (C1, U4): one box each on the overview; name and description in five languages, address, "save messages", position.
import { useState } from 'preact/hooks';
import type { z } from 'zod';
import type { ContactSchema } from '../../../functions/http/schemas/admin';
import { ApiError } from '../../shared/api';
import { call } from '../session';
import { Loading, Notice, errorText, lang, t, useLoad } from '../ui';
import { LocalizedFields, localizedOf } from './localized-fields';

type Contact = z.infer<typeof ContactSchema>;

function bodyOf(form: HTMLFormElement) {
  const data = new FormData(form);
  return {
    name: localizedOf(data, 'name'),
    description: localizedOf(data, 'description'),
    email: String(data.get('email') ?? '').trim(),
    saveMessages: data.get('saveMessages') === 'on',
    position: Number(data.get('position') ?? 0),
  };
}

function ContactForm({ id, contact, submit, onDone }: { id: string; contact?: Contact; submit: string; onDone(form: HTMLFormElement): Promise<void> }) {
  const texts = t.value.admin.contacts;
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setError(null);
        onDone(e.currentTarget).catch((err: unknown) => setError(errorText(err)));
      }}
    >
      <LocalizedFields id={id} name="name" label={texts.name} values={contact?.name} />
      <LocalizedFields id={id} name="description" label={texts.description} values={contact?.description} multiline />
      <div class="grid-fields">
        <div class="field">
          <label for={`${id}-email`}>{texts.email}</label>
          <input id={`${id}-email`} name="email" type="email" defaultValue={contact?.email ?? ''} required />
        </div>
        <div class="field">
          <label for={`${id}-position`}>{texts.position}</label>
          <input id={`${id}-position`} name="position" type="number" min={0} defaultValue={String(contact?.position ?? 0)} />
        </div>
      </div>
      <div class="field check">
        <label>
          <input name="saveMessages" type="checkbox" defaultChecked={contact?.saveMessages ?? true} /> {texts.saveMessages}
        </label>
      </div>
      <Notice text={error} error />
      <button type="submit" class="primary">
        {submit}
      </button>
    </form>
  );
}

export function ContactsScreen() {
  const texts = t.value.admin.contacts;
  const loaded = useLoad(() => call<{ items: Contact[] }>('GET', '/v1/contacts'), [], false);
  const [notice, setNotice] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [adding, setAdding] = useState(0);
  // A contact with threads is deleted only with ?moveTo= (409 otherwise): the row then asks where they go.
  const [moving, setMoving] = useState<string | null>(null);
  const remove = async (c: Contact, moveTo?: string) => {
    if (!moveTo && !confirm(texts.confirmDelete(c.name[lang.value] ?? c.name.en))) return;
    try {
      await call('DELETE', `/v1/contacts/${encodeURIComponent(c.id)}`, { query: { moveTo } });
      setMoving(null);
      setNotice(texts.deleted);
      await loaded.reload();
    } catch (err) {
      if (err instanceof ApiError && err.status === 409 && !moveTo) setMoving(c.id);
      else setNotice(errorText(err));
    }
  };
  return (
    <>
      <h1>{texts.title}</h1>
      <Notice text={notice} />
      <Loading loaded={loaded}>
        {(page) => (
          <section aria-labelledby="contacts-heading">
            <h2 id="contacts-heading" class="visually-hidden">
              {texts.title}
            </h2>
            <ul class="admin-list">
              {page.items.map((c) => (
                <li key={c.id}>
                  <div class="row">
                    <strong>{c.name[lang.value] ?? c.name.en}</strong>
                    <span>{c.email}</span>
                    <span class="muted">
                      {texts.saveMessages} {c.saveMessages ? t.value.yes : t.value.no}
                    </span>
                    <span class="muted">
                      {texts.position} {c.position}
                    </span>
                    <button type="button" class="small" aria-expanded={editing === c.id} onClick={() => setEditing(editing === c.id ? null : c.id)}>
                      {t.value.edit} <span class="visually-hidden">{c.name.en}</span>
                    </button>
                    <button type="button" class="small" onClick={() => void remove(c)}>
                      {t.value.delete} <span class="visually-hidden">{c.name.en}</span>
                    </button>
                  </div>
                  {moving === c.id && (
                    <form
                      class="field inline"
                      onSubmit={(e) => {
                        e.preventDefault();
                        void remove(c, String(new FormData(e.currentTarget).get('moveTo')));
                      }}
                    >
                      <p class="error" role="alert">
                        {texts.hasThreads}
                      </p>
                      <label for={`move-${c.id}`}>{texts.moveTo}</label>
                      <select id={`move-${c.id}`} name="moveTo">
                        {page.items
                          .filter((o) => o.id !== c.id)
                          .map((o) => (
                            <option key={o.id} value={o.id}>
                              {o.name[lang.value] ?? o.name.en}
                            </option>
                          ))}
                      </select>
                      <button type="submit">{texts.deleteAndMove}</button>
                    </form>
                  )}
                  {editing === c.id && (
                    <ContactForm
                      id={`contact-${c.id}`}
                      contact={c}
                      submit={t.value.save}
                      onDone={async (form) => {
                        await call('PATCH', `/v1/contacts/${encodeURIComponent(c.id)}`, { body: bodyOf(form) });
                        setEditing(null);
                        setNotice(t.value.saved);
                        await loaded.reload();
                      }}
                    />
                  )}
                </li>
              ))}
            </ul>
          </section>
        )}
      </Loading>
      {loaded.data && (
      <section aria-labelledby="contact-add-heading">
        <h2 id="contact-add-heading">{texts.add}</h2>
        <ContactForm
          key={adding}
          id="contact-new"
          submit={t.value.create}
          onDone={async (form) => {
            await call('POST', '/v1/contacts', { body: bodyOf(form) });
            setAdding((n) => n + 1);
            setNotice(t.value.saved);
            await loaded.reload();
          }}
        />
      </section>
      )}
    </>
  );
}
