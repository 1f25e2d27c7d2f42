// The agent console (U3, U4, A12): sign-in by e-mailed link, then the desk's screens under /console/.
import { render } from 'preact';
import { useEffect } from 'preact/hooks';
import { LANGS, LANGUAGE_NAMES } from '../shared/i18n';
import { BASE, location$, navigate, onLinkClick, paths, screenOf } from './router';
import { ContactsScreen } from './screens/contacts';
import { EmployeesScreen } from './screens/employees';
import { OptionsScreen } from './screens/options';
import { OrderMessagesScreen } from './screens/order-messages';
import { OverviewScreen } from './screens/overview';
import { SavedRepliesScreen } from './screens/saved-replies';
import { ShortcutsDialog, listenToShortcuts } from './screens/shortcuts';
import { SignInScreen } from './screens/sign-in';
import { ThreadListScreen } from './screens/thread-list';
import { ThreadScreen } from './screens/thread';
import { chooseLang, openSession, session, signOut } from './session';
import { lang, startPolling, t } from './ui';
import './style.css';

function Header() {
  const texts = t.value;
  const employee = session.value!.employee;
  const current = screenOf(location$.value.path, location$.value.search).name;
  const link = (href: string, label: string, active: boolean) => (
    <li>
      <a href={href} aria-current={active ? 'page' : undefined}>
        {label}
      </a>
    </li>
  );
  return (
    <header class="top">
      <a class="skip" href="#main">
        {texts.skipToMain}
      </a>
      <nav aria-label={texts.menu}>
        <ul>
          {link(paths.overview, texts.nav.overview, current === 'overview')}
          {link(paths.threads(), texts.nav.threads, current === 'threads' || current === 'thread')}
          {link(paths.savedReplies, texts.nav.savedReplies, current === 'savedReplies')}
          {/* An agent sees no admin screen; typed in, the screen says the API refused it (403). */}
          {employee.role === 'admin' && (
            <>
              {link(paths.contacts, texts.nav.contacts, current === 'contacts')}
              {link(paths.employees, texts.nav.employees, current === 'employees')}
              {link(paths.options, texts.nav.options, current === 'options')}
              {link(paths.orderMessages, texts.nav.orderMessages, current === 'orderMessages')}
            </>
          )}
        </ul>
      </nav>
      <div class="who">
        <span class="muted">{texts.signedInAs(employee.name)}</span>
        <label class="visually-hidden" for="console-lang">
          {texts.language}
        </label>
        <select id="console-lang" value={lang.value} onChange={(e) => chooseLang(e.currentTarget.value)}>
            {LANGS.map((l) => (
              <option key={l} value={l} lang={l}>
                {LANGUAGE_NAMES[l]}
              </option>
            ))}
        </select>
        <button type="button" onClick={() => void signOut()}>
          {texts.signOut}
        </button>
      </div>
    </header>
  );
}

function Screen() {
  const screen = screenOf(location$.value.path, location$.value.search);
  switch (screen.name) {
    case 'overview':
      return <OverviewScreen />;
    case 'threads':
      return <ThreadListScreen query={screen.query} />;
    case 'thread':
      return <ThreadScreen id={screen.id} />;
    case 'savedReplies':
      return <SavedRepliesScreen />;
    case 'contacts':
      return <ContactsScreen />;
    case 'employees':
      return <EmployeesScreen />;
    case 'options':
      return <OptionsScreen />;
    case 'orderMessages':
      return <OrderMessagesScreen />;
    default:
      // Every screen has its heading, this one too: it is what a screen reader's list of headings starts with.
      return <h1>{t.value.notFound}</h1>;
  }
}

function Console() {
  useEffect(() => {
    document.documentElement.lang = lang.value;
  });
  document.title = t.value.pageTitle;
  if (!session.value) return <SignInScreen />;
  return (
    <div onClick={onLinkClick}>
      <Header />
      <main id="main" tabIndex={-1}>
        <Screen />
      </main>
      <ShortcutsDialog />
    </div>
  );
}

/** The link's code travels in the fragment (never sent to a server) and leaves the address bar at once. */
async function signInFromLink(): Promise<void> {
  const code = /^#code=([\w-]+)$/.exec(location.hash)?.[1];
  if (!code) return;
  navigate(`${BASE}/`, true);
  await openSession(code).catch(() => undefined);
}

function boot(): void {
  void signInFromLink();
  if (!location.pathname.startsWith(BASE)) navigate(`${BASE}/`, true);
  // A link pasted into the address bar of an open console changes only the fragment.
  addEventListener('hashchange', () => void signInFromLink());
  render(<Console />, document.getElementById('app')!);
  listenToShortcuts();
  startPolling();
}

boot();
