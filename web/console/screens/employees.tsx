// Employees and their API tokens (A11, U4): role, language, active; a new token is shown once, with copy; revoking is at once.
import { useState } from 'preact/hooks';
import type { z } from 'zod';
import type { EmployeeSchema, TokenCreated, TokenInfo } from '../../../functions/http/schemas/admin';
import { LANGS, LANGUAGE_NAMES, formatDateTime } from '../../shared/i18n';
import { call, session } from '../session';
import { Loading, Notice, errorText, lang, t, useLoad, type FieldErrors } from '../ui';
import { FieldError, ItemForm, markedBy } from './editable-list';

type Employee = z.infer<typeof EmployeeSchema>;

function Tokens({ employee }: { employee: Employee }) {
  const texts = t.value.admin.employees;
  const loaded = useLoad(() => call<{ items: z.infer<typeof TokenInfo>[] }>('GET', `/v1/employees/${encodeURIComponent(employee.id)}/tokens`), [employee.id]);
  const [label, setLabel] = useState('');
  const [shown, setShown] = useState<z.infer<typeof TokenCreated> | null>(null);
  const [notice, setNotice] = useState<{ text: string; error?: boolean } | null>(null);
  const id = `tokens-${employee.id}`;
  const issue = async (e: Event) => {
    e.preventDefault();
    setNotice(null);
    try {
      setShown(await call('POST', `/v1/employees/${encodeURIComponent(employee.id)}/tokens`, { body: label.trim() ? { label: label.trim() } : {} }));
      setLabel('');
      await loaded.reload();
    } catch (err) {
      setNotice({ text: errorText(err), error: true });
    }
  };
  const revoke = async (tokenId: string) => {
    try {
      await call('DELETE', `/v1/tokens/${encodeURIComponent(tokenId)}`);
      if (shown?.id === tokenId) setShown(null);
      setNotice({ text: texts.revoked });
      await loaded.reload();
    } catch (err) {
      setNotice({ text: errorText(err), error: true });
    }
  };
  const copy = async () => {
    if (!shown) return;
    await navigator.clipboard.writeText(shown.token);
    setNotice({ text: texts.copied });
  };
  return (
    <div class="tokens">
      <h3 id={`${id}-heading`}>{texts.tokensOf(employee.name)}</h3>
      {shown && (
        <div class="token-once">
          <p>{texts.tokenShown}</p>
          <p>
            <code>{shown.token}</code>
          </p>
          <button type="button" onClick={() => void copy()}>
            {texts.copy}
          </button>
        </div>
      )}
      <Loading loaded={loaded}>
        {(page) =>
          page.items.length === 0 ? (
            <p class="muted">{texts.noTokens}</p>
          ) : (
            <table aria-labelledby={`${id}-heading`}>
              <thead>
                <tr>
                  <th scope="col">{texts.label}</th>
                  <th scope="col">{texts.created}</th>
                  <th scope="col">{texts.lastUsed}</th>
                  <td />
                </tr>
              </thead>
              <tbody>
                {page.items.map((tk) => (
                  <tr key={tk.id}>
                    <td>{tk.label}</td>
                    <td>{formatDateTime(tk.createdAt, lang.value)}</td>
                    <td>{tk.lastUsedAt ? formatDateTime(tk.lastUsedAt, lang.value) : texts.never}</td>
                    <td>
                      <button type="button" class="small" onClick={() => void revoke(tk.id)}>
                        {texts.revoke} <span class="visually-hidden">{tk.label}</span>
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Loading>
      <form class="field inline" onSubmit={(e) => void issue(e)}>
        <label for={`${id}-label`}>{texts.label}</label>
        <input id={`${id}-label`} type="text" value={label} onInput={(e) => setLabel(e.currentTarget.value)} />
        <button type="submit">{texts.newToken}</button>
      </form>
      <Notice text={notice?.text ?? null} error={notice?.error} />
    </div>
  );
}

function EmployeeRow({ employee, onChanged }: { employee: Employee; onChanged(text: string | null, error?: boolean): void }) {
  const texts = t.value.admin.employees;
  const [tokens, setTokens] = useState(false);
  const me = session.value?.employee.id === employee.id;
  const change = async (patch: Partial<Employee>) => {
    try {
      await call('PATCH', `/v1/employees/${encodeURIComponent(employee.id)}`, { body: patch });
      onChanged(t.value.saved);
    } catch (err) {
      onChanged(errorText(err), true);
    }
  };
  const id = `employee-${employee.id}`;
  return (
    <li class={employee.active ? undefined : 'inactive'}>
      <div class="row">
        <strong>{employee.name}</strong>
        <span>{employee.email}</span>
        <label class="visually-hidden" for={`${id}-role`}>
          {texts.role} — {employee.name}
        </label>
        <select id={`${id}-role`} value={employee.role} onChange={(e) => void change({ role: e.currentTarget.value as Employee['role'] })}>
          <option value="admin">{texts.roles.admin}</option>
          <option value="agent">{texts.roles.agent}</option>
        </select>
        <label class="visually-hidden" for={`${id}-lang`}>
          {texts.lang} — {employee.name}
        </label>
        <select id={`${id}-lang`} value={employee.lang} onChange={(e) => void change({ lang: e.currentTarget.value as Employee['lang'] })}>
          {LANGS.map((l) => (
            <option key={l} value={l}>
              {LANGUAGE_NAMES[l]}
            </option>
          ))}
        </select>
        <span class="muted">{employee.active ? texts.active : `${texts.active}: ${t.value.no}`}</span>
        {!me && (
          <button type="button" class="small" onClick={() => void change({ active: !employee.active })}>
            {employee.active ? texts.deactivate : texts.activate} <span class="visually-hidden">{employee.name}</span>
          </button>
        )}
        <button type="button" class="small" aria-expanded={tokens} onClick={() => setTokens(!tokens)}>
          {texts.tokens} <span class="visually-hidden">{employee.name}</span>
        </button>
      </div>
      {tokens && <Tokens employee={employee} />}
    </li>
  );
}

export function EmployeesScreen() {
  const texts = t.value.admin.employees;
  const loaded = useLoad(() => call<{ items: Employee[] }>('GET', '/v1/employees'), [], false);
  const [notice, setNotice] = useState<{ text: string; error?: boolean } | null>(null);
  const [adding, setAdding] = useState(0);
  const add = async (form: HTMLFormElement) => {
    const data = new FormData(form);
    await call('POST', '/v1/employees', {
      body: { name: String(data.get('name') ?? '').trim(), email: String(data.get('email') ?? '').trim(), role: data.get('role'), lang: data.get('lang') },
    });
    setAdding((n) => n + 1);
    setNotice({ text: t.value.saved });
    await loaded.reload();
  };
  return (
    <>
      <h1>{texts.title}</h1>
      <Notice text={notice?.text ?? null} error={notice?.error} />
      <Loading loaded={loaded}>
        {(page) => (
          <section aria-labelledby="employees-heading">
            <h2 id="employees-heading" class="visually-hidden">
              {texts.title}
            </h2>
            <ul class="admin-list">
              {page.items.map((e) => (
                <EmployeeRow
                  key={e.id}
                  employee={e}
                  onChanged={(text, error) => {
                    setNotice(text ? { text, error } : null);
                    void loaded.reload();
                  }}
                />
              ))}
            </ul>
          </section>
        )}
      </Loading>
      {loaded.data && (
      <section aria-labelledby="employee-add-heading">
        <h2 id="employee-add-heading">{texts.add}</h2>
        <ItemForm key={adding} submit={t.value.create} onSubmit={add}>
          {(errors: FieldErrors) => (
            <div class="grid-fields">
              <div class="field">
                <label for="employee-new-name">{texts.name}</label>
                <input id="employee-new-name" name="name" type="text" required {...markedBy('employee-new-name', errors.name)} />
                <FieldError fieldId="employee-new-name" error={errors.name} />
              </div>
              <div class="field">
                <label for="employee-new-email">{texts.email}</label>
                <input id="employee-new-email" name="email" type="email" required {...markedBy('employee-new-email', errors.email)} />
                <FieldError fieldId="employee-new-email" error={errors.email} />
              </div>
              <div class="field">
                <label for="employee-new-role">{texts.role}</label>
                <select id="employee-new-role" name="role" defaultValue="agent">
                  <option value="agent">{texts.roles.agent}</option>
                  <option value="admin">{texts.roles.admin}</option>
                </select>
              </div>
              <div class="field">
                <label for="employee-new-lang">{texts.lang}</label>
                <select id="employee-new-lang" name="lang" defaultValue={lang.value}>
                  {LANGS.map((l) => (
                    <option key={l} value={l}>
                      {LANGUAGE_NAMES[l]}
                    </option>
                  ))}
                </select>
              </div>
            </div>
          )}
        </ItemForm>
      </section>
      )}
    </>
  );
}
