// The shape that contacts, order messages and saved replies share: a list of items, each with Edit and Delete, and a
// form below to add one; the API's collection at `path` with POST, PATCH and DELETE on `path/{id}`.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import { call } from '../session';
import { Loading, Notice, errorText, fieldErrorsOf, t, useLoad, type FieldErrors } from '../ui';

interface Item {
  id: string;
}

/**
 * A form that sends itself with `onSubmit` and says why the API refused it. Fields given as a function of the API's field
 * errors show each error next to its field; otherwise one sentence under the form says it.
 */
export function ItemForm({ submit, onSubmit, children }: { submit: string; onSubmit(form: HTMLFormElement): Promise<void>; children: ComponentChildren | ((errors: FieldErrors) => ComponentChildren) }) {
  const [error, setError] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const marksFields = typeof children === 'function';
  const ref = useRef<HTMLFormElement>(null);
  // Once the errors are drawn, the first field marked takes the focus.
  useEffect(() => {
    if (Object.keys(errors).length > 0) ref.current?.querySelector<HTMLElement>('[aria-invalid=true]')?.focus();
  }, [errors]);
  return (
    <form
      ref={ref}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setError(null);
        setErrors({});
        onSubmit(e.currentTarget).catch((err: unknown) => {
          const marked = marksFields ? fieldErrorsOf(err) : {};
          setErrors(marked);
          setError(Object.keys(marked).length > 0 ? t.value.fixFields : errorText(err));
        });
      }}
    >
      {typeof children === 'function' ? children(errors) : children}
      <Notice text={error} error />
      <button type="submit" class="primary">
        {submit}
      </button>
    </form>
  );
}

/** What ties a field to the API's error on it, for screen readers and for the focus (the first marked one takes it). */
export function markedBy(fieldId: string, error: string | undefined) {
  return { 'aria-invalid': error ? ('true' as const) : undefined, 'aria-describedby': error ? `${fieldId}-error` : undefined };
}

/** The API's error on a field, under it; nothing when the field was not refused. */
export function FieldError({ fieldId, error }: { fieldId: string; error: string | undefined }) {
  return error ? (
    <p class="error" id={`${fieldId}-error`}>
      {error}
    </p>
  ) : null;
}

/** What makes one item's fields: its form's id prefix, the item when it is changed (none when added), the field errors. */
export interface FieldsProps<T> {
  id: string;
  item?: T;
  errors: FieldErrors;
}

export interface EditableListProps<T extends Item> {
  /** The API's collection, e.g. /v1/contacts. */
  path: string;
  texts: { title: string; add: string; deleted: string; none?: string; confirmDelete(name: string): string };
  /** Ids of the list's and the add form's headings, and the prefix of the forms' field ids. */
  ids: { list: string; add: string; form: string };
  /** The item's name as the row shows it. */
  nameOf(item: T): string;
  /** The name that the row's buttons carry for screen readers, when not nameOf. */
  buttonNameOf?(item: T): string;
  /** What the row shows after the name. */
  details(item: T): ComponentChildren;
  /** The form's fields: as a function of the field errors, they show the API's errors next to each field. */
  fields(props: FieldsProps<T>): ComponentChildren;
  /** Shows the API's field errors next to the fields (fields() places them). */
  marksFields?: boolean;
  bodyOf(form: HTMLFormElement): unknown;
  /** Said when a deletion fails; returns true when it took the failure in hand (contacts ask where their threads go). */
  onDeleteRefused?(item: T, error: unknown, query?: Record<string, string>): boolean;
  onDeleted?(): void;
  /** Shown under a row, with the deletion to call again (with a query, and no second confirmation). */
  below?(item: T, remove: (query: Record<string, string>) => Promise<void>, items: T[]): ComponentChildren;
  /** Shown between the title and the list. */
  intro?: ComponentChildren;
}

export function EditableList<T extends Item>(props: EditableListProps<T>) {
  const { path, texts, ids, nameOf } = props;
  const buttonNameOf = props.buttonNameOf ?? nameOf;
  const loaded = useLoad(() => call<{ items: T[] }>('GET', path), [], false);
  const [notice, setNotice] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [adding, setAdding] = useState(0);
  const itemPath = (item: T) => `${path}/${encodeURIComponent(item.id)}`;
  const saved = async () => {
    setNotice(t.value.saved);
    await loaded.reload();
  };
  const remove = async (item: T, query?: Record<string, string>) => {
    if (!query && !confirm(texts.confirmDelete(nameOf(item)))) return;
    try {
      await call('DELETE', itemPath(item), { query });
      props.onDeleted?.();
      setNotice(texts.deleted);
      await loaded.reload();
    } catch (err) {
      if (!props.onDeleteRefused?.(item, err, query)) setNotice(errorText(err));
    }
  };
  const form = (id: string, submit: string, send: (form: HTMLFormElement) => Promise<void>, item?: T, key?: number) => (
    <ItemForm key={key} submit={submit} onSubmit={send}>
      {props.marksFields ? (errors: FieldErrors) => props.fields({ id, item, errors }) : props.fields({ id, item, errors: {} })}
    </ItemForm>
  );
  return (
    <>
      <h1>{texts.title}</h1>
      {props.intro}
      <Notice text={notice} />
      <Loading loaded={loaded}>
        {(page) => (
          <section aria-labelledby={ids.list}>
            <h2 id={ids.list} class="visually-hidden">
              {texts.title}
            </h2>
            {texts.none && page.items.length === 0 && <p class="muted">{texts.none}</p>}
            <ul class="admin-list">
              {page.items.map((item) => (
                <li key={item.id}>
                  <div class="row">
                    <strong>{nameOf(item)}</strong>
                    {props.details(item)}
                    <button type="button" class="small" aria-expanded={editing === item.id} onClick={() => setEditing(editing === item.id ? null : item.id)}>
                      {t.value.edit} <span class="visually-hidden">{buttonNameOf(item)}</span>
                    </button>
                    <button type="button" class="small" onClick={() => void remove(item)}>
                      {t.value.delete} <span class="visually-hidden">{buttonNameOf(item)}</span>
                    </button>
                  </div>
                  {props.below?.(item, (query) => remove(item, query), page.items)}
                  {editing === item.id &&
                    form(
                      `${ids.form}-${item.id}`,
                      t.value.save,
                      async (f) => {
                        await call('PATCH', itemPath(item), { body: props.bodyOf(f) });
                        setEditing(null);
                        await saved();
                      },
                      item,
                    )}
                </li>
              ))}
            </ul>
          </section>
        )}
      </Loading>
      {loaded.data && (
        <section aria-labelledby={ids.add}>
          <h2 id={ids.add}>{texts.add}</h2>
          {form(
            `${ids.form}-new`,
            t.value.create,
            async (f) => {
              await call('POST', path, { body: props.bodyOf(f) });
              setAdding((n) => n + 1);
              await saved();
            },
            undefined,
            adding,
          )}
        </section>
      )}
    </>
  );
}
