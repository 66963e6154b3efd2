import { useState, type FormEvent } from 'react';
import { login, type Session } from '../api.ts';
import { LoginArt } from '../components/LoginArt.tsx';

export default function Login({ onLogin }: { onLogin: (s: Session) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onLogin(await login(email, password));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="login">
      <LoginArt />
      <h1>PayPass</h1>
      <p className="muted">Send money. Follow every payment.</p>
      <form id="login-form" data-testid="login-form" onSubmit={onSubmit} className="card form">
        <label htmlFor="login-email">
          Email
          <input id="login-email" name="email" data-testid="login-email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label htmlFor="login-password">
          Password
          <input
            id="login-password"
            name="password"
            data-testid="login-password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {/* The error line keeps its height when empty so nothing shifts (CLS). */}
        <p className="error" role="alert" data-testid="login-error">
          {error ?? '\u00a0'}
        </p>
        <button id="login-submit" data-testid="login-submit" type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
