// Sign-in (A12): the employee's address gets a one-time link; the screen says why it shows (signed out, ended, a bad link).
import { useState } from 'preact/hooks';
import { ApiError, NetworkError, minutesToWait } from '../../shared/api';
import { api, signInReason } from '../session';
import { t } from '../ui';

export function SignInScreen() {
  const texts = t.value;
  const [email, setEmail] = useState('');
  const [sending, setSending] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reason = signInReason.value;
  const why = reason && { signedOut: texts.signIn.signedOut, sessionEnded: texts.signIn.sessionEnded, expired: texts.signIn.expired, invalid: texts.signIn.invalid }[reason];

  const send = async (event: Event) => {
    event.preventDefault();
    setError(null);
    if (!email.trim()) {
      setError(texts.required);
      return;
    }
    setSending(true);
    try {
      await api.post('/v1/auth/sign-in-link', { email: email.trim() });
      setSentTo(email.trim());
    } catch (e) {
      if (e instanceof ApiError && e.status === 429) setError(texts.tryAgainIn(minutesToWait(e)));
      else if (e instanceof ApiError && e.status === 400) setError(e.fieldErrors.email ?? texts.fixFields);
      else setError(e instanceof NetworkError ? texts.offline : texts.failed);
    } finally {
      setSending(false);
    }
  };

  return (
    <main id="main" class="sign-in">
      <h1>{texts.signIn.title}</h1>
      {why && (
        <p class={reason === 'expired' || reason === 'invalid' ? 'notice error' : 'notice'} role="alert">
          {why}
        </p>
      )}
      <p>{texts.signIn.intro}</p>
      <form onSubmit={(e) => void send(e)} noValidate>
        <div class="field">
          <label for="sign-in-email">{texts.signIn.email}</label>
          <input
            id="sign-in-email"
            type="email"
            autoComplete="email"
            required
            value={email}
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={error ? 'sign-in-error' : undefined}
            onInput={(e) => setEmail(e.currentTarget.value)}
          />
          {error && (
            <p class="error" id="sign-in-error" role="alert">
              {error}
            </p>
          )}
        </div>
        <button type="submit" class="primary" disabled={sending}>
          {sending ? texts.signIn.sending : texts.signIn.send}
        </button>
      </form>
      <p class="notice" role="status">
        {sentTo && texts.signIn.sent(sentTo)}
      </p>
    </main>
  );
}
