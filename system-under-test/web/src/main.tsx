import { QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { StrictMode, Suspense, lazy, useCallback, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { loadSession, saveSession, type Session } from './api.ts';
import { heardStatuses, useLiveUpdates } from './live-updates.ts';
import { createQueryClient, UNAUTHORIZED_EVENT } from './query-client.ts';
import { registerServiceWorker } from './register-service-worker.ts';
import { Link, navigate, usePath } from './router.tsx';
import './styles.css';

// Route-based code splitting: every page is its own chunk, fetched on first visit (react-window comes with the
// pages that list payments, never with the login page).
const Login = lazy(() => import('./pages/Login.tsx'));
const Dashboard = lazy(() => import('./pages/Dashboard.tsx'));
const SendPayment = lazy(() => import('./pages/SendPayment.tsx'));
const Analytics = lazy(() => import('./pages/Analytics.tsx'));

const queryClient = createQueryClient();

/** Placeholder of a page whose chunk is on its way: it holds the page's space so nothing shifts (CLS). */
const pageFallback = <div className="placeholder" aria-busy="true" />;

function SignedIn({ session, path, onLogout }: { session: Session; path: string; onLogout: () => void }) {
  useLiveUpdates(session);
  let page;
  if (path === '/send') page = <SendPayment session={session} />;
  else if (path === '/analytics') page = <Analytics session={session} />;
  else page = <Dashboard session={session} />;

  return (
    <div className="shell">
      <header className="topbar">
        <span className="brand">PayPass</span>
        <nav>
          <Link to="/" testId="nav-dashboard">
            Dashboard
          </Link>
          <Link to="/send" testId="nav-send">
            Send
          </Link>
          <Link to="/analytics" testId="nav-analytics">
            Analytics
          </Link>
        </nav>
        <button type="button" className="link" data-testid="sign-out" onClick={onLogout}>
          Sign out
        </button>
      </header>
      <main className="content">
        <Suspense fallback={pageFallback}>{page}</Suspense>
      </main>
    </div>
  );
}

function App() {
  const path = usePath();
  const client = useQueryClient();
  const [session, setSession] = useState<Session | null>(loadSession);

  const onLogin = useCallback((s: Session) => {
    saveSession(s);
    setSession(s);
    navigate('/', true);
  }, []);
  const onLogout = useCallback(() => {
    saveSession(null);
    setSession(null);
    // The next user must not see this one's payments, not even from the cache.
    client.clear();
    heardStatuses.clear();
    navigate('/login', true);
  }, [client]);

  useEffect(() => {
    window.addEventListener(UNAUTHORIZED_EVENT, onLogout);
    return () => window.removeEventListener(UNAUTHORIZED_EVENT, onLogout);
  }, [onLogout]);
  useEffect(() => {
    if (!session && path !== '/login') navigate('/login', true);
  }, [session, path]);

  if (!session || path === '/login') {
    return (
      <Suspense fallback={<div className="login-placeholder" aria-busy="true" />}>
        <Login onLogin={onLogin} />
      </Suspense>
    );
  }
  return <SignedIn session={session} path={path} onLogout={onLogout} />;
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
registerServiceWorker();
