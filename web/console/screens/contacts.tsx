// Contacts (C1, U4): one box each on the overview; name and description in five languages, address, "save messages", position.
import { useState } from 'preact/hooks';
import type { z } from 'zod';
import type { ContactSchema } from '../../../functions/http/schemas/admin';
import { ApiError } from '../../shared/api';
import { lang, t } from '../ui';
import { EditableList, FieldError, markedBy, type FieldsProps } from './editable-list';
import { LocalizedFields, localizedOf } from './localized-fields';

type Contact = z.infer<typeof ContactSchema>;

const nameOf = (c: Contact) => c.name[lang.value] ?? c.name.en;

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

function ContactFields({ id, item: contact, errors }: FieldsProps<Contact>) {
  const texts = t.value.admin.contacts;
  return (
    <>
      <LocalizedFields id={id} name="name" label={texts.name} values={contact?.name} errors={errors} />
      <LocalizedFields id={id} name="description" label={texts.description} values={contact?.description} errors={errors} multiline />
      <div class="grid-fields">
        <div class="field">
          <label for={`${id}-email`}>{texts.email}</label>
          <input id={`${id}-email`} name="email" type="email" defaultValue={contact?.email ?? ''} required {...markedBy(`${id}-email`, errors.email)} />
          <FieldError fieldId={`${id}-email`} error={errors.email} />
        </div>
        <div class="field">
          <label for={`${id}-position`}>{texts.position}</label>
          <input id={`${id}-position`} name="position" type="number" min={0} max={10_000} defaultValue={String(contact?.position ?? 0)} {...markedBy(`${id}-position`, errors.position)} />
          <FieldError fieldId={`${id}-position`} error={errors.position} />
        </div>
      </div>
      <div class="field check">
        <label>
          <input name="saveMessages" type="checkbox" defaultChecked={contact?.saveMessages ?? true} /> {texts.saveMessages}
        </label>
      </div>
    </>
  );
}

/** A contact with threads is deleted only with ?moveTo= (409 otherwise): its row then asks where they go. */
function MoveThreadsForm({ contact, others, remove }: { contact: Contact; others: Contact[]; remove(query: Record<string, string>): Promise<void> }) {
  const texts = t.value.admin.contacts;
  return (
    <form
      class="field inline"
      onSubmit={(e) => {
        e.preventDefault();
        void remove({ moveTo: String(new FormData(e.currentTarget).get('moveTo')) });
      }}
    >
      <p class="error" role="alert">
        {texts.hasThreads}
      </p>
      <label for={`move-${contact.id}`}>{texts.moveTo}</label>
      <select id={`move-${contact.id}`} name="moveTo">
        {others.map((o) => (
          <option key={o.id} value={o.id}>
            {nameOf(o)}
          </option>
        ))}
      </select>
      <button type="submit">{texts.deleteAndMove}</button>
    </form>
  );
}

export function ContactsScreen() {
  const texts = t.value.admin.contacts;
  const [moving, setMoving] = useState<string | null>(null);
  return (
    <EditableList<Contact>
      path="/v1/contacts"
      texts={texts}
      ids={{ list: 'contacts-heading', add: 'contact-add-heading', form: 'contact' }}
      nameOf={nameOf}
      buttonNameOf={(c) => c.name.en}
      details={(c) => (
        <>
          <span>{c.email}</span>
          <span class="muted">
            {texts.saveMessages} {c.saveMessages ? t.value.yes : t.value.no}
          </span>
          <span class="muted">
            {texts.position} {c.position}
          </span>
        </>
      )}
      fields={ContactFields}
      marksFields
      bodyOf={bodyOf}
      onDeleted={() => setMoving(null)}
      onDeleteRefused={(c, err, query) => {
        if (!(err instanceof ApiError && err.status === 409 && !query)) return false;
        setMoving(c.id);
        return true;
      }}
      below={(c, remove, items) => moving === c.id && <MoveThreadsForm contact={c} others={items.filter((o) => o.id !== c.id)} remove={remove} />}
    />
  );
}
