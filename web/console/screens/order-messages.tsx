// Order messages (A9, U4): predefined texts in five languages that agents insert into a reply or send to an order's customer.
import { useState } from 'preact/hooks';
import type { z } from 'zod';
import type { OrderMessage } from '../../../functions/http/schemas/admin';
import { call } from '../session';
import { Loading, Notice, errorText, lang, t, useLoad } from '../ui';
import { LocalizedFields, localizedOf } from './localized-fields';

type Item = z.infer<typeof OrderMessage>;

function OrderMessageForm({ id, item, submit, onDone }: { id: string; item?: Item; submit: string; onDone(body: { name: object; text: object }): Promise<void> }) {
  const texts = t.value.admin.orderMessages;
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setError(null);
        const data = new FormData(e.currentTarget);
        onDone({ name: localizedOf(data, 'name'), text: localizedOf(data, 'text') }).catch((err: unknown) => setError(errorText(err)));
      }}
    >
      <LocalizedFields id={id} name="name" label={texts.name} values={item?.name} />
      <LocalizedFields id={id} name="text" label={texts.text} values={item?.text} multiline />
      <Notice text={error} error />
      <button type="submit" class="primary">
        {submit}
      </button>
    </form>
  );
}

export function OrderMessagesScreen() {
  const texts = t.value.admin.orderMessages;
  const loaded = useLoad(() => call<{ items: Item[] }>('GET', '/v1/order-messages'), [], false);
  const [notice, setNotice] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [adding, setAdding] = useState(0);
  const nameOf = (m: Item) => m.name[lang.value] ?? m.name.en ?? m.id;
  const remove = async (m: Item) => {
    if (!confirm(texts.confirmDelete(nameOf(m)))) return;
    try {
      await call('DELETE', `/v1/order-messages/${encodeURIComponent(m.id)}`);
      setNotice(texts.deleted);
      await loaded.reload();
    } catch (err) {
      setNotice(errorText(err));
    }
  };
  return (
    <>
      <h1>{texts.title}</h1>
      <Notice text={notice} />
      <Loading loaded={loaded}>
        {(page) => (
          <section aria-labelledby="order-messages-heading">
            <h2 id="order-messages-heading" class="visually-hidden">
              {texts.title}
            </h2>
            {page.items.length === 0 && <p class="muted">{texts.none}</p>}
            <ul class="admin-list">
              {page.items.map((m) => (
                <li key={m.id}>
                  <div class="row">
                    <strong>{nameOf(m)}</strong>
                    <span class="muted">{m.text[lang.value] ?? m.text.en}</span>
                    <button type="button" class="small" aria-expanded={editing === m.id} onClick={() => setEditing(editing === m.id ? null : m.id)}>
                      {t.value.edit} <span class="visually-hidden">{nameOf(m)}</span>
                    </button>
                    <button type="button" class="small" onClick={() => void remove(m)}>
                      {t.value.delete} <span class="visually-hidden">{nameOf(m)}</span>
                    </button>
                  </div>
                  {editing === m.id && (
                    <OrderMessageForm
                      id={`om-${m.id}`}
                      item={m}
                      submit={t.value.save}
                      onDone={async (body) => {
                        await call('PATCH', `/v1/order-messages/${encodeURIComponent(m.id)}`, { body });
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
      <section aria-labelledby="om-add-heading">
        <h2 id="om-add-heading">{texts.add}</h2>
        <OrderMessageForm
          key={adding}
          id="om-new"
          submit={t.value.create}
          onDone={async (body) => {
            await call('POST', '/v1/order-messages', { body });
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
