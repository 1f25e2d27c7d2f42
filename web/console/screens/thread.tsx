// The thread view (A5–A8): messages (HTML in a sandboxed frame), attachments, delivery, the customer panel and timeline,
// and every action: status, assignment and tags, forward, private note, reply from the default message or a saved reply
// (with Cc and Bcc) with the 409 collision, next unanswered; the customer's other threads, and their data for admins (T1–T7).
import { useEffect, useRef, useState } from 'preact/hooks';
import type { z } from 'zod';
import type { CustomerErasure, MessageView, ReplyCreated, SavedReply, ThreadView } from '../../../functions/http/schemas/agent';
import type { OrderMessage } from '../../../functions/http/schemas/admin';
import type { PublicContacts } from '../../../functions/http/schemas/public';
import { ApiError, type UploadLimits } from '../../shared/api';
import { Attachments } from '../../shared/attachments';
import { FilePicker, FileUploadError, addFiles, uploadPicked, type PickedFile } from '../../shared/file-picker';
import { formatDateTime, type Lang } from '../../shared/i18n';
import { navigate, paths } from '../router';
import { api, call, session, sessionApi } from '../session';
import { Loading, Notice, StatusBadge, errorText, formatMoney, lang, t, useLoad } from '../ui';
import { FieldError, markedBy } from './editable-list';
import { listOrder, loadTeam, type TeamMember } from './thread-list';

type View = z.infer<typeof ThreadView>;
type Message = z.infer<typeof MessageView>;
type Status = View['thread']['status'];

/** What the shortcuts call on the thread that is shown. */
export const threadActions: { current: null | { id: string; reply(): void; handle(): Promise<void>; nextUnanswered(): Promise<void> } } = { current: null };

export function ThreadScreen({ id }: { id: string }) {
  return <ThreadLoaded key={id} id={id} />;
}

function ThreadLoaded({ id }: { id: string }) {
  const loaded = useLoad(() => call<View>('GET', `/v1/threads/${encodeURIComponent(id)}`), [id, lang.value]);
  const [notice, setNotice] = useState<{ text: string; error?: boolean } | null>(null);
  const [teamSaved, setTeamSaved] = useState(false);
  const seenCount = useRef<number | null>(null);
  const view = loaded.data;

  useEffect(() => {
    if (!view) return;
    // Reading changes nothing (A5): marking read is its own call, made when the agent opens the thread.
    if (view.thread.unread > 0) void call('POST', `/v1/threads/${encodeURIComponent(id)}/read`).catch(() => undefined);
    const count = view.messages.filter((m) => m.kind === 'customer').length;
    if (seenCount.current !== null && count > seenCount.current) setNotice({ text: t.value.thread.newMessages(count - seenCount.current) });
    seenCount.current = count;
  }, [view]);

  const act = async (run: () => Promise<string | null>) => {
    setNotice(null);
    try {
      const text = await run();
      if (text) setNotice({ text });
      await loaded.reload();
    } catch (error) {
      setNotice({ text: errorText(error), error: true });
    }
  };
  const setStatus = (status: Status) =>
    act(async () => {
      await call('PATCH', `/v1/threads/${encodeURIComponent(id)}`, { body: { status } });
      return t.value.thread.statusChanged(t.value.statuses[status]);
    });
  const nextUnanswered = async () => {
    try {
      const next = await call<{ id: string }>('GET', '/v1/threads/next-unanswered', { query: { after: id } });
      navigate(paths.thread(next.id));
      // The next thread replaces every element of this one, the button pressed included: the focus goes to the page's main part.
      document.getElementById('main')?.focus();
    } catch (error) {
      setNotice(error instanceof ApiError && error.status === 404 ? { text: t.value.thread.noneUnanswered } : { text: errorText(error), error: true });
    }
  };

  useEffect(() => {
    threadActions.current = {
      id,
      reply: () => document.getElementById('reply-message')?.focus(),
      handle: () => setStatus('closed'),
      nextUnanswered,
    };
    return () => {
      threadActions.current = null;
    };
  });

  const texts = t.value.thread;
  return (
    <Loading loaded={loaded}>
      {(v) => (
        <div class="thread-screen">
          <div class="thread-head">
            <p>
              <a href={paths.threads()}>{texts.back}</a>
              <Neighbours id={id} />
            </p>
            <h1>
              {v.thread.subject ?? texts.title(v.thread.id)} <StatusBadge status={v.thread.status} />
            </h1>
            <dl class="meta">
              <div>
                <dt>{texts.contact}</dt>
                <dd>{v.thread.contactName ?? v.thread.contactId}</dd>
              </div>
              {v.thread.orderReference && (
                <div>
                  <dt>{texts.order}</dt>
                  <dd>{v.thread.orderReference}</dd>
                </div>
              )}
              <div>
                <dt>{texts.inCharge}</dt>
                <dd>{v.thread.employeeName ?? texts.nobody}</dd>
              </div>
            </dl>
            <Notice text={notice?.text ?? null} error={notice?.error} />
          </div>
          <section class="actions" aria-labelledby="actions-heading">
            <h2 id="actions-heading" class="visually-hidden">
              {texts.actions}
            </h2>
            {v.thread.status === 'closed' ? (
              <button type="button" onClick={() => void setStatus('open')}>
                {texts.reopen}
              </button>
            ) : (
              <button type="button" onClick={() => void setStatus('closed')}>
                {texts.markHandled}
              </button>
            )}
            <button type="button" aria-pressed={v.thread.status === 'pending1'} onClick={() => void setStatus('pending1')}>
              {texts.markPending1}
            </button>
            <button type="button" aria-pressed={v.thread.status === 'pending2'} onClick={() => void setStatus('pending2')}>
              {texts.markPending2}
            </button>
            <button type="button" onClick={() => void nextUnanswered()}>
              {texts.nextUnanswered}
            </button>
          </section>
          <div class="thread-columns">
            <div class="thread-main">
              <section aria-labelledby="messages-heading">
                <h2 id="messages-heading">{texts.messages}</h2>
                <ol class="messages">
                  {v.messages.map((m) => (
                    <MessageItem key={m.id} m={m} onResend={() => act(async () => (await call('POST', `/v1/messages/${encodeURIComponent(m.id)}/resend`), texts.resent))} />
                  ))}
                </ol>
              </section>
              {/* Keyed on what it shows: a change, here or by a colleague, shows the values as kept (tags normalized). */}
              <TeamForm
                key={`${v.thread.employeeId ?? ''}|${v.thread.tags.join(',')}`}
                view={v}
                focusSave={teamSaved}
                onFocused={() => setTeamSaved(false)}
                onSaved={() => {
                  setTeamSaved(true);
                  void act(async () => texts.teamSaved);
                }}
              />
              <ReplyForm view={v} onSent={(text) => act(async () => text)} />
              <NoteForm id={id} onAdded={() => act(async () => texts.noteAdded)} />
              <ForwardForm id={id} onForwarded={(to) => act(async () => texts.forwarded(to))} />
            </div>
            <CustomerPanel view={v} />
          </div>
        </div>
      )}
    </Loading>
  );
}

function Neighbours({ id }: { id: string }) {
  const order = listOrder.value;
  const at = order.indexOf(id);
  if (at < 0) return null;
  const texts = t.value.shortcuts;
  return (
    <span class="neighbours">
      {at > 0 && (
        <a href={paths.thread(order[at - 1]!)} rel="prev">
          {texts.previous}
        </a>
      )}
      {at < order.length - 1 && (
        <a href={paths.thread(order[at + 1]!)} rel="next">
          {texts.next}
        </a>
      )}
    </span>
  );
}

function MessageItem({ m, onResend }: { m: Message; onResend(): void }) {
  const texts = t.value.thread;
  const who = m.authorName ?? m.from?.name ?? m.from?.address ?? texts.from[m.kind];
  return (
    <li class={`message ${m.kind}`}>
      <article aria-label={`${texts.from[m.kind]}: ${who}, ${formatDateTime(m.createdAt, lang.value)}`}>
        <header>
          <span class="kind">{texts.from[m.kind]}</span> <strong>{who}</strong> <time dateTime={m.createdAt}>{formatDateTime(m.createdAt, lang.value)}</time>
          {m.autoReply && <span class="tag">{texts.autoReply}</span>}
          {m.cc.length > 0 && <span class="muted">{texts.copyCc(m.cc.join(', '))}</span>}
          {m.delivery && (
            <span class={`delivery delivery-${m.delivery.state}`}>
              {texts.delivery[m.delivery.state]}
              {m.delivery.reason && <span class="muted">: {m.delivery.reason}</span>}
            </span>
          )}
          {m.delivery && (m.delivery.state === 'failed' || m.delivery.state === 'bounced') && (
            <button type="button" class="small" onClick={onResend}>
              {texts.resend}
            </button>
          )}
        </header>
        {m.html ? <MailFrame html={m.html} /> : <p class="text">{m.text}</p>}
        <Attachments
          heading={texts.attachments}
          items={m.attachments}
          lang={lang.value}
          link={(a) => (
            <button type="button" class="link" aria-label={texts.download(a.fileName)} onClick={() => void download(a.id)}>
              {a.fileName}
            </button>
          )}
        />
      </article>
    </li>
  );
}

/** A mail's sanitized HTML in a frame that runs no script and sends nothing: no allow-scripts, the console's CSP inherited. */
function MailFrame({ html }: { html: string }) {
  const frame = useRef<HTMLIFrameElement>(null);
  const fit = () => {
    const doc = frame.current?.contentDocument;
    if (doc && frame.current) frame.current.style.height = `${Math.min(2000, doc.documentElement.scrollHeight + 4)}px`;
  };
  const doc = `<!doctype html><html><head><meta charset="utf-8"><meta name="referrer" content="no-referrer"><base target="_blank"><style>body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1a1a1a;overflow-wrap:anywhere}img{max-width:100%;height:auto}</style></head><body>${html}</body></html>`;
  return <iframe ref={frame} class="mail-html" sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox" srcDoc={doc} title={t.value.thread.htmlFrame} onLoad={fit} />;
}

async function download(attachmentId: string): Promise<void> {
  const { url } = await call<{ url: string }>('GET', `/v1/attachments/${encodeURIComponent(attachmentId)}/link`);
  const a = document.createElement('a');
  a.href = url;
  a.rel = 'noopener noreferrer';
  document.body.append(a);
  a.click();
  a.remove();
}

function CustomerPanel({ view }: { view: View }) {
  const texts = t.value.thread;
  const c = view.customer;
  return (
    <aside class="customer" aria-labelledby="customer-heading">
      <h2 id="customer-heading">{texts.customer}</h2>
      <p>
        <strong>{c.name ?? c.email}</strong>
        <br />
        <a href={`mailto:${c.email}`}>{c.email}</a>
      </p>
      {c.registered ? (
        <dl class="meta">
          <div>
            <dt>{texts.orders}</dt>
            <dd>{c.ordersCount}</dd>
          </div>
          <div>
            <dt>{texts.totalSpent}</dt>
            <dd>{c.totalSpent.length === 0 ? formatMoney(0, 'EUR', lang.value) : c.totalSpent.map((s) => formatMoney(s.amount, s.currency, lang.value)).join(', ')}</dd>
          </div>
          {c.registeredAt && (
            <div>
              <dt>{texts.registered}</dt>
              <dd>{formatDateTime(c.registeredAt, lang.value)}</dd>
            </div>
          )}
        </dl>
      ) : (
        <p class="muted">{texts.notRegistered}</p>
      )}
      <h2 id="history-heading">{texts.history}</h2>
      {view.history.length === 0 ? (
        <p class="muted">{texts.noHistory}</p>
      ) : (
        <ul class="history" aria-labelledby="history-heading">
          {view.history.map((h) => (
            <li key={h.id}>
              <a href={paths.thread(h.id)}>{h.contactName ?? h.contactId}</a> <StatusBadge status={h.status} /> <time dateTime={h.lastMessageAt}>{formatDateTime(h.lastMessageAt, lang.value)}</time>
              <span class="block muted">{h.lastMessagePreview}</span>
            </li>
          ))}
        </ul>
      )}
      {session.value?.employee.role === 'admin' && <CustomerData email={c.email} />}
      <h2 id="timeline-heading">{texts.timeline}</h2>
      <ol class="timeline" aria-labelledby="timeline-heading">
        {view.timeline.map((e, i) => (
          <li key={i} class={`event event-${e.type}`}>
            <time dateTime={e.at}>{formatDateTime(e.at, lang.value)}</time> <TimelineText event={e} />
          </li>
        ))}
      </ol>
    </aside>
  );
}

function TimelineText({ event }: { event: View['timeline'][number] }) {
  const texts = t.value.thread;
  if (event.type === 'order') {
    const o = event.order as { reference: string; totalPaid: number; currency: string; state: string };
    return <span>{texts.orderLine(o.reference, formatMoney(o.totalPaid, o.currency, lang.value), o.state)}</span>;
  }
  if (event.event && event.type !== 'forward') {
    const a = event.event;
    if (event.type === 'status' && a.toStatus) return <span>{texts.statusEvent(a.byEmployeeName, t.value.statuses[a.toStatus])}</span>;
    if (event.type === 'assignment') return <span>{a.toName ? texts.assignedEvent(a.byEmployeeName, a.toName) : texts.unassignedEvent(a.byEmployeeName)}</span>;
    return <span>{texts.tagsEvent(a.byEmployeeName, [...a.added.map((x) => `+${x}`), ...a.removed.map((x) => `−${x}`)].join(' '))}</span>;
  }
  if (event.type === 'forward') {
    const f = event.forward as { by: string; toName: string | null; toEmail: string; comment: string | null };
    return (
      <span>
        {texts.forwardedBy(f.by, f.toName ?? f.toEmail)}
        {f.comment && <q>{f.comment}</q>}
      </span>
    );
  }
  const m = event.message as { kind: Message['kind']; preview: string; authorName: string | null } | undefined;
  if (!m) return null;
  return (
    <span>
      <span class="kind">{texts.from[m.kind]}</span>: {m.preview}
    </span>
  );
}

/** Status aside, who is in charge and the tags (T1, T2): one PATCH, recorded in the timeline. */
/** `focusSave`: after its own save the form is drawn anew (keyed on what it shows), and its Save button takes back the lost focus. */
function TeamForm({ view, onSaved, focusSave, onFocused }: { view: View; onSaved(): void; focusSave: boolean; onFocused(): void }) {
  const texts = t.value.thread;
  const saveButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!focusSave) return;
    if (document.activeElement === document.body) saveButton.current?.focus();
    onFocused();
  }, []);
  const team = useLoad(loadTeam, []);
  const [employeeId, setEmployeeId] = useState(view.thread.employeeId ?? '');
  const [tags, setTags] = useState(view.thread.tags.join(', '));
  const [error, setError] = useState<string | null>(null);
  const save = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      const list = tags.split(',').map((x) => x.trim()).filter(Boolean);
      await call('PATCH', `/v1/threads/${encodeURIComponent(view.thread.id)}`, { body: { employeeId: employeeId || null, tags: list } });
      onSaved();
    } catch (err) {
      setError(errorText(err));
    }
  };
  const members = (team.data?.items ?? []).filter((m) => m.active || m.id === view.thread.employeeId);
  return (
    <section class="team-form" aria-labelledby="team-heading">
      <h2 id="team-heading">{texts.team}</h2>
      <form onSubmit={(e) => void save(e)} noValidate>
        <div class="field inline">
          <label for="team-employee">{texts.assignTo}</label>
          <select id="team-employee" value={employeeId} onChange={(e) => setEmployeeId(e.currentTarget.value)}>
            <option value="">{texts.nobodyOption}</option>
            {members.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="team-tags">{texts.tagsLabel}</label>
          <input id="team-tags" type="text" value={tags} aria-describedby="team-tags-hint" onInput={(e) => setTags(e.currentTarget.value)} />
          <p class="hint" id="team-tags-hint">
            {texts.tagsHint}
          </p>
        </div>
        <Notice text={error} error />
        <button type="submit" ref={saveButton}>
          {texts.saveTeam}
        </button>
      </form>
    </section>
  );
}

/** Export and erasure of everything held about the customer (T7), for admins; erasing asks once more. */
function CustomerData({ email }: { email: string }) {
  const texts = t.value.thread;
  const [confirming, setConfirming] = useState(false);
  const [notice, setNotice] = useState<{ text: string; error?: boolean } | null>(null);
  const path = `/v1/customers/${encodeURIComponent(email)}`;
  const exportData = async () => {
    try {
      const doc = await call<unknown>('GET', `${path}/export`);
      const a = document.createElement('a');
      a.href = URL.createObjectURL(new Blob([JSON.stringify(doc, null, 2)], { type: 'application/json' }));
      a.download = `customer-${email}.json`;
      document.body.append(a);
      a.click();
      a.remove();
    } catch (error) {
      setNotice({ text: errorText(error), error: true });
    }
  };
  const erase = async () => {
    try {
      const report = await call<z.infer<typeof CustomerErasure>>('DELETE', path);
      setConfirming(false);
      setNotice({ text: texts.erased(report.threads) });
    } catch (error) {
      setNotice({ text: errorText(error), error: true });
    }
  };
  return (
    <section class="customer-data" aria-labelledby="customer-data-heading">
      <h2 id="customer-data-heading">{texts.customerData}</h2>
      <button type="button" onClick={() => void exportData()}>
        {texts.exportData}
      </button>{' '}
      <button type="button" class="danger" onClick={() => setConfirming(true)}>
        {texts.eraseData}
      </button>
      {confirming && (
        <div class="confirm" role="alertdialog" aria-labelledby="erase-text">
          <p id="erase-text">{texts.eraseConfirm(email)}</p>
          <button type="button" class="danger" onClick={() => void erase()}>
            {texts.eraseYes}
          </button>{' '}
          <button type="button" onClick={() => setConfirming(false)}>
            {t.value.cancel}
          </button>
        </div>
      )}
      <Notice text={notice?.text ?? null} error={notice?.error} />
    </section>
  );
}

const addressList = (value: string) => value.split(',').map((a) => a.trim()).filter(Boolean);

/**
 * Where a text goes in an answer whose caret the agent has not placed: after the greeting's paragraph, as a paragraph
 * of its own before the signature; at the end, on a line of its own, when the answer has no paragraphs.
 */
function afterGreeting(message: string, text: string): [number, string] {
  const gap = message.indexOf('\n\n');
  if (gap >= 0) return [gap + 2, `${text}\n\n`];
  if (message === '') return [0, text];
  return [message.length, message.endsWith('\n') ? text : `\n${text}`];
}

let uploadLimits: Promise<UploadLimits> | null = null;
function limits(): Promise<UploadLimits> {
  uploadLimits ??= api.get<z.infer<typeof PublicContacts>>('/v1/public/contacts', { query: { lang: 'en' } }).then((c) => c.uploads);
  return uploadLimits;
}

function ReplyForm({ view, onSent }: { view: View; onSent(text: string): void }) {
  const texts = t.value.thread;
  const threadPath = `/v1/threads/${encodeURIComponent(view.thread.id)}`;
  const [message, setMessage] = useState(view.replyDraft);
  const [status, setStatus] = useState<Status>('closed');
  const [files, setFiles] = useState<PickedFile[]>([]);
  const [refused, setRefused] = useState<string[]>([]);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [collision, setCollision] = useState<Message[] | null>(null);
  const fileLimits = useLoad(limits, []);
  const orderMessages = useLoad(() => call<{ items: z.infer<typeof OrderMessage>[] }>('GET', '/v1/order-messages'), []);
  const [chosen, setChosen] = useState('');
  const saved = useLoad(() => call<{ items: z.infer<typeof SavedReply>[] }>('GET', '/v1/saved-replies', { query: { threadId: view.thread.id } }), []);
  const [chosenSaved, setChosenSaved] = useState('');
  const [missing, setMissing] = useState<string[]>([]);
  const [cc, setCc] = useState('');
  const [bcc, setBcc] = useState('');
  const area = useRef<HTMLTextAreaElement>(null);
  const submit = useRef<HTMLButtonElement>(null);
  const sendAnyway = useRef<HTMLButtonElement>(null);
  // The buttons say they are unavailable while sending (aria-disabled) rather than being disabled, which would drop the
  // keyboard focus to the page; the collision's choice takes the focus when it appears.
  const busy = sending || collision !== null;
  useEffect(() => {
    if (collision) sendAnyway.current?.focus();
  }, [collision]);

  // Where the agent put the caret in the answer; until they do, an insertion goes between the greeting and the signature.
  const placed = useRef(false);
  const caret = useRef<number | null>(null);
  useEffect(() => {
    if (caret.current === null || !area.current) return;
    area.current.setSelectionRange(caret.current, caret.current);
    caret.current = null;
  });
  const insertText = (text: string) => {
    const el = area.current;
    const [at, piece] = placed.current && el ? [el.selectionStart, text] : afterGreeting(message, text);
    setMessage(message.slice(0, at) + piece + message.slice(at));
    caret.current = at + text.length + (piece.startsWith('\n') ? 1 : 0);
    placed.current = true;
    el?.focus();
  };
  const insert = () => {
    const om = orderMessages.data?.items.find((o) => o.id === chosen);
    if (om) insertText(om.text[view.thread.lang] ?? om.text.en ?? '');
  };
  // Filled by the API in the thread's language (T3); a placeholder it could not fill stays, and is named.
  const insertSaved = () => {
    const filled = saved.data?.items.find((r) => r.id === chosenSaved)?.filled;
    if (!filled) return;
    insertText(filled.text);
    setMissing(filled.missing.map((m) => `{${m}}`));
  };

  const send = async (force: boolean) => {
    setError(null);
    if (!message.trim()) {
      setError(t.value.required);
      area.current?.focus();
      return;
    }
    setSending(true);
    try {
      const uploadIds = await uploadPicked(sessionApi, '/v1/uploads', files, (f) => setFiles(f));
      await call<z.infer<typeof ReplyCreated>>('POST', `${threadPath}/replies`, {
        body: {
          message,
          status,
          ...(addressList(cc).length > 0 ? { cc: addressList(cc) } : {}),
          ...(addressList(bcc).length > 0 ? { bcc: addressList(bcc) } : {}),
          ...(uploadIds.length > 0 ? { uploadIds } : {}),
          ...(view.thread.lastCustomerMessageId ? { lastSeenMessageId: view.thread.lastCustomerMessageId } : {}),
          ...(force ? { force: true } : {}),
        },
      });
      if (collision) submit.current?.focus();
      setCollision(null);
      setFiles([]);
      setCc('');
      setBcc('');
      setMissing([]);
      setMessage(view.replyDraft);
      onSent(texts.sent);
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        setCollision(((e.problem as { newMessages?: Message[] }).newMessages ?? []) as Message[]);
      } else if (e instanceof FileUploadError) {
        setFiles((fs) => fs.map((f) => (f.key === e.key ? { ...f, error: errorText(e.cause) } : f)));
        setError(t.value.fixFields);
      } else setError(errorText(e));
    } finally {
      setSending(false);
    }
  };

  return (
    <section class="reply" aria-labelledby="reply-heading">
      <h2 id="reply-heading">{texts.reply}</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!busy) void send(false);
        }}
        noValidate
      >
        {orderMessages.data && orderMessages.data.items.length > 0 && (
          <div class="field inline">
            <label for="order-message">{texts.insertOrderMessage}</label>
            <select id="order-message" value={chosen} onChange={(e) => setChosen(e.currentTarget.value)}>
              <option value="">{texts.choose}</option>
              {orderMessages.data.items.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name[lang.value] ?? o.name.en}
                </option>
              ))}
            </select>
            <button type="button" onClick={insert} disabled={!chosen}>
              {texts.insert}
            </button>
          </div>
        )}
        {saved.data && saved.data.items.length > 0 && (
          <div class="field inline">
            <label for="saved-reply">{texts.insertSavedReply}</label>
            <select id="saved-reply" value={chosenSaved} onChange={(e) => setChosenSaved(e.currentTarget.value)}>
              <option value="">{texts.choose}</option>
              {saved.data.items.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name[lang.value] ?? r.name.en}
                </option>
              ))}
            </select>
            <button type="button" onClick={insertSaved} disabled={!chosenSaved}>
              {texts.insert}
            </button>
          </div>
        )}
        {missing.length > 0 && <p class="hint warning">{texts.savedMissing(missing.join(', '))}</p>}
        <div class="field">
          <label for="reply-message">{texts.replyLabel}</label>
          <textarea
            id="reply-message"
            ref={area}
            rows={8}
            value={message}
            lang={view.thread.lang}
            aria-invalid={error === t.value.required ? 'true' : undefined}
            onInput={(e) => setMessage(e.currentTarget.value)}
            onMouseUp={() => (placed.current = true)}
            onKeyUp={() => (placed.current = true)}
          />
        </div>
        <div class="field">
          <label for="reply-cc">{texts.cc}</label>
          <input id="reply-cc" type="text" inputMode="email" value={cc} aria-describedby="copies-hint" onInput={(e) => setCc(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="reply-bcc">{texts.bcc}</label>
          <input id="reply-bcc" type="text" inputMode="email" value={bcc} aria-describedby="copies-hint" onInput={(e) => setBcc(e.currentTarget.value)} />
          <p class="hint" id="copies-hint">
            {texts.copiesHint}
          </p>
        </div>
        <div class="field inline">
          <label for="reply-status">{texts.statusAfter}</label>
          <select id="reply-status" value={status} onChange={(e) => setStatus(e.currentTarget.value as Status)}>
            {(['closed', 'open', 'pending1', 'pending2'] as const).map((s) => (
              <option key={s} value={s}>
                {t.value.statuses[s]}
              </option>
            ))}
          </select>
        </div>
        {fileLimits.data?.allowed && (
          <FilePicker
            id="reply-files"
            lang={lang.value as Lang}
            t={t.value.files}
            limits={fileLimits.data}
            files={files}
            refused={refused}
            disabled={sending}
            onPick={(picked) => {
              const added = addFiles(files, picked, fileLimits.data!, lang.value, t.value.files);
              setFiles(added.files);
              setRefused(added.refused);
            }}
            onRemove={(key) => {
              setFiles(files.filter((f) => f.key !== key));
              setRefused([]);
            }}
          />
        )}
        {collision && (
          <div class="collision" role="alertdialog" aria-labelledby="collision-heading" aria-describedby="collision-text">
            <h3 id="collision-heading">{texts.collisionTitle}</h3>
            <p id="collision-text">{texts.collisionText}</p>
            <ol class="messages">
              {collision.map((m) => (
                <li key={m.id} class="message customer">
                  <time dateTime={m.createdAt}>{formatDateTime(m.createdAt, lang.value)}</time>
                  <p class="text">{m.text}</p>
                </li>
              ))}
            </ol>
            <button
              type="button"
              class="primary"
              ref={sendAnyway}
              aria-disabled={sending ? 'true' : undefined}
              onClick={() => {
                if (!sending) void send(true);
              }}
            >
              {texts.sendAnyway}
            </button>{' '}
            <button
              type="button"
              aria-disabled={sending ? 'true' : undefined}
              onClick={() => {
                if (sending) return;
                setCollision(null);
                area.current?.focus();
              }}
            >
              {texts.keepEditing}
            </button>
          </div>
        )}
        <Notice text={error} error />
        <button type="submit" class="primary" ref={submit} aria-disabled={busy ? 'true' : undefined}>
          {sending ? texts.sending : texts.send}
        </button>
      </form>
    </section>
  );
}

function NoteForm({ id, onAdded }: { id: string; onAdded(): void }) {
  const texts = t.value.thread;
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const field = useRef<HTMLTextAreaElement>(null);
  const add = async (e: Event) => {
    e.preventDefault();
    setError(null);
    if (!note.trim()) {
      setError(t.value.required);
      field.current?.focus();
      return;
    }
    try {
      await call('POST', `/v1/threads/${encodeURIComponent(id)}/notes`, { body: { message: note } });
      setNote('');
      onAdded();
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <section class="note-form" aria-labelledby="note-heading">
      <h2 id="note-heading">{texts.note}</h2>
      <form onSubmit={(e) => void add(e)} noValidate>
        <div class="field">
          <label for="note-message">{texts.note}</label>
          <textarea
            id="note-message"
            ref={field}
            rows={3}
            value={note}
            aria-describedby="note-hint"
            aria-invalid={error === t.value.required ? 'true' : undefined}
            onInput={(e) => setNote(e.currentTarget.value)}
          />
          <p class="hint" id="note-hint">
            {texts.noteHint}
          </p>
        </div>
        <Notice text={error} error />
        <button type="submit">{texts.addNote}</button>
      </form>
    </section>
  );
}

const SOMEONE_ELSE = '@someone-else';

function ForwardForm({ id, onForwarded }: { id: string; onForwarded(to: string): void }) {
  const texts = t.value.thread;
  const team = useLoad(loadTeam, []);
  const [to, setTo] = useState('');
  const [email, setEmail] = useState('');
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [missing, setMissing] = useState<Record<string, string>>({});
  const form = useRef<HTMLFormElement>(null);
  // Once the missing fields are drawn, the first one takes the focus.
  useEffect(() => {
    if (Object.keys(missing).length > 0) form.current?.querySelector<HTMLElement>('[aria-invalid=true]')?.focus();
  }, [missing]);
  const me = session.value?.employee.id;
  const members: TeamMember[] = (team.data?.items ?? []).filter((m) => m.active && m.id !== me);
  const forward = async (e: Event) => {
    e.preventDefault();
    setError(null);
    const someoneElse = to === SOMEONE_ELSE;
    // Forwarding to someone else needs their address and a comment that says why (A6).
    const required = { to: !to, email: someoneElse && !email.trim(), comment: someoneElse && !comment.trim() };
    const marked = Object.fromEntries(Object.entries(required).filter(([, empty]) => empty).map(([name]) => [name, t.value.required]));
    setMissing(marked);
    if (Object.keys(marked).length > 0) return setError(t.value.fixFields);
    try {
      const body = someoneElse ? { email: email.trim(), comment } : { employeeId: to, ...(comment.trim() ? { comment } : {}) };
      await call('POST', `/v1/threads/${encodeURIComponent(id)}/forward`, { body });
      const name = someoneElse ? email.trim() : (members.find((m) => m.id === to)?.name ?? to);
      setTo('');
      setEmail('');
      setComment('');
      onForwarded(name);
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <section class="forward-form" aria-labelledby="forward-heading">
      <h2 id="forward-heading">{texts.forward}</h2>
      <form ref={form} onSubmit={(e) => void forward(e)} noValidate>
        <div class="field">
          <label for="forward-to">{texts.forwardTo}</label>
          <select id="forward-to" value={to} {...markedBy('forward-to', missing.to)} onChange={(e) => setTo(e.currentTarget.value)}>
            <option value="">{texts.chooseEmployee}</option>
            {members.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
            <option value={SOMEONE_ELSE}>{texts.someoneElse}</option>
          </select>
          <FieldError fieldId="forward-to" error={missing.to} />
        </div>
        {to === SOMEONE_ELSE && (
          <div class="field">
            <label for="forward-email">{texts.forwardEmail}</label>
            <input id="forward-email" type="email" value={email} {...markedBy('forward-email', missing.email)} onInput={(e) => setEmail(e.currentTarget.value)} />
            <FieldError fieldId="forward-email" error={missing.email} />
          </div>
        )}
        <div class="field">
          <label for="forward-comment">{texts.comment}</label>
          <textarea id="forward-comment" rows={2} value={comment} {...markedBy('forward-comment', missing.comment)} onInput={(e) => setComment(e.currentTarget.value)} />
          <FieldError fieldId="forward-comment" error={missing.comment} />
        </div>
        <Notice text={error} error />
        <button type="submit">{texts.forwardSend}</button>
      </form>
    </section>
  );
}
