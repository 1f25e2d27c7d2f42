// Customer service options (O1–O3, M7, U4): file uploads, the default message, the mailbox with its test and its status.
import { useState } from 'preact/hooks';
import type { z } from 'zod';
import type { MailStatus, MailboxTestResult, SettingsView } from '../../../functions/http/schemas/admin';
import { defaultPort } from '../../../functions/mail/default-port';
import { LANGS, LANGUAGE_NAMES, formatDateTime } from '../../shared/i18n';
import { call } from '../session';
import { Loading, Notice, errorText, lang, t, useLoad } from '../ui';

type Settings = z.infer<typeof SettingsView>;
const FLAGS = [
  ['pop3', '/pop3'],
  ['norsh', '/norsh'],
  ['ssl', '/ssl'],
  ['validateCert', '/validate-cert'],
  ['noValidateCert', '/novalidate-cert'],
  ['tls', '/tls'],
  ['noTls', '/notls'],
] as const;

/** The mailbox as the form holds it; the password only when one was typed (the saved one is never shown). */
function mailboxOf(data: FormData) {
  const port = String(data.get('port') ?? '').trim();
  const password = String(data.get('password') ?? '');
  return {
    host: String(data.get('host') ?? '').trim(),
    port: port ? Number(port) : null,
    user: String(data.get('user') ?? '').trim(),
    ...(password ? { password } : {}),
    deleteMessages: data.get('deleteMessages') === 'on',
    createNewThreads: data.get('createNewThreads') === 'on',
    ...Object.fromEntries(FLAGS.map(([k]) => [k, data.get(k) === 'on'])),
  };
}

function MailboxStatus() {
  const texts = t.value.admin.options;
  const loaded = useLoad(() => call<z.infer<typeof MailStatus>>('GET', '/v1/mail/status'), []);
  return (
    <section aria-labelledby="mail-status-heading">
      <h2 id="mail-status-heading">{texts.status}</h2>
      <Loading loaded={loaded}>
        {(s) => (
          <>
            <dl class="meta">
              <div>
                <dt>{texts.lastPoll}</dt>
                <dd>{s.lastPollAt ? formatDateTime(s.lastPollAt, lang.value) : texts.never}</dd>
              </div>
              <div>
                <dt>{texts.lastSuccess}</dt>
                <dd>{s.lastSuccessAt ? formatDateTime(s.lastSuccessAt, lang.value) : texts.never}</dd>
              </div>
            </dl>
            {s.error ? <p class="error">{texts.testFailed(s.error.stage, s.error.reason)}</p> : s.lastSuccessAt && <p>{texts.healthy}</p>}
            {s.failures > 0 && <p class="error">{texts.failures(s.failures)}</p>}
          </>
        )}
      </Loading>
    </section>
  );
}

type Said = { text: string; error?: boolean } | null;

function OptionsForm({ settings, notice, setNotice, onSaved }: { settings: Settings; notice: Said; setNotice(said: Said): void; onSaved(): void }) {
  const texts = t.value.admin.options;
  const [test, setTest] = useState<{ text: string; error?: boolean } | null>(null);
  const [testing, setTesting] = useState(false);
  const m = settings.mailbox;
  // The API stores an empty port as "the default" and uses the one of /pop3 and /ssl (O3); it answers with that number,
  // so the field stays empty when the number is that default, and a switch of /pop3 or /ssl then moves the port along.
  const [protocol, setProtocol] = useState({ pop3: m.pop3, ssl: m.ssl });
  const portByDefault = defaultPort(protocol);
  const save = async (e: Event) => {
    e.preventDefault();
    setNotice(null);
    const data = new FormData(e.currentTarget as HTMLFormElement);
    try {
      await call('PUT', '/v1/settings', {
        body: {
          allowFileUpload: data.get('allowFileUpload') === 'on',
          defaultMessage: Object.fromEntries(LANGS.map((l) => [l, String(data.get(`defaultMessage.${l}`) ?? '')])),
          mailbox: mailboxOf(data),
        },
      });
      setNotice({ text: t.value.saved });
      onSaved();
    } catch (err) {
      setNotice({ text: errorText(err), error: true });
    }
  };
  const runTest = async (form: HTMLFormElement | null) => {
    if (!form) return;
    setTest(null);
    setTesting(true);
    try {
      const r = await call<z.infer<typeof MailboxTestResult>>('POST', '/v1/settings/mailbox/test', { body: mailboxOf(new FormData(form)) });
      setTest(r.ok ? { text: texts.testOk(r.protocol, r.mailbox.messages) } : { text: texts.testFailed(r.stage, r.reason), error: true });
    } catch (err) {
      setTest({ text: errorText(err), error: true });
    } finally {
      setTesting(false);
    }
  };
  const check = (name: string, label: string, checked: boolean) => (
    <div class="field check" key={name}>
      <label>
        <input
          name={name}
          type="checkbox"
          defaultChecked={checked}
          onChange={name === 'pop3' || name === 'ssl' ? (e) => setProtocol({ ...protocol, [name]: e.currentTarget.checked }) : undefined}
        />{' '}
        {label}
      </label>
    </div>
  );
  return (
    <form id="options-form" onSubmit={(e) => void save(e)} noValidate>
      <section aria-labelledby="contact-options-heading">
        <h2 id="contact-options-heading">{texts.contactOptions}</h2>
        {check('allowFileUpload', texts.allowFileUpload, settings.allowFileUpload)}
        <fieldset>
          <legend>{texts.defaultMessage}</legend>
          {LANGS.map((l) => (
            <div class="field" key={l}>
              <label for={`default-${l}`}>{t.value.admin.inLang(texts.defaultMessage, LANGUAGE_NAMES[l])}</label>
              <textarea id={`default-${l}`} name={`defaultMessage.${l}`} lang={l} rows={4} defaultValue={settings.defaultMessage[l] ?? ''} />
            </div>
          ))}
        </fieldset>
      </section>
      <section aria-labelledby="mailbox-heading">
        <h2 id="mailbox-heading">{texts.mailbox}</h2>
        <div class="grid-fields">
          <div class="field">
            <label for="mailbox-host">{texts.host}</label>
            <input id="mailbox-host" name="host" type="text" defaultValue={m.host} />
          </div>
          <div class="field">
            <label for="mailbox-port">{texts.port}</label>
            <input
              id="mailbox-port"
              name="port"
              type="number"
              min={1}
              max={65535}
              placeholder={String(portByDefault)}
              aria-describedby="mailbox-port-hint"
              defaultValue={m.port && m.port !== defaultPort(m) ? String(m.port) : ''}
            />
            <p class="hint" id="mailbox-port-hint">
              {texts.portByDefault(portByDefault)}
            </p>
          </div>
          <div class="field">
            <label for="mailbox-user">{texts.user}</label>
            <input id="mailbox-user" name="user" type="text" autoComplete="off" defaultValue={m.user} />
          </div>
          <div class="field">
            <label for="mailbox-password">{texts.password}</label>
            <input id="mailbox-password" name="password" type="password" autoComplete="new-password" aria-describedby="mailbox-password-hint" />
            <p class="hint" id="mailbox-password-hint">
              {m.passwordSet ? texts.passwordSet : texts.passwordUnset}
            </p>
          </div>
        </div>
        {check('deleteMessages', texts.deleteMessages, m.deleteMessages)}
        {check('createNewThreads', texts.createNewThreads, m.createNewThreads)}
        <fieldset>
          <legend>{texts.flags}</legend>
          <div class="grid-fields">{FLAGS.map(([k, label]) => check(k, label, m[k]))}</div>
        </fieldset>
        <button type="button" disabled={testing} onClick={(e) => void runTest(e.currentTarget.form)}>
          {testing ? texts.testing : texts.test}
        </button>
        <Notice text={test?.text ?? null} error={test?.error} />
      </section>
      <Notice text={notice?.text ?? null} error={notice?.error} />
      <button type="submit" class="primary">
        {t.value.save}
      </button>
    </form>
  );
}

export function OptionsScreen() {
  const texts = t.value.admin.options;
  // Not reloaded on each poll: the form would lose what the admin is typing.
  const [version, setVersion] = useState(0);
  const [notice, setNotice] = useState<Said>(null);
  const loaded = useLoad(() => call<Settings>('GET', '/v1/settings'), [version], false);
  return (
    <>
      <h1>{texts.title}</h1>
      <Loading loaded={loaded}>{(s) => <OptionsForm key={version} settings={s} notice={notice} setNotice={setNotice} onSaved={() => setVersion((v) => v + 1)} />}</Loading>
      <MailboxStatus />
    </>
  );
}
