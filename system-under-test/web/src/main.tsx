import { StrictMode, Suspense, lazy, useCallback, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { loadSession, saveSession, type Session } from './api.ts';
import { Login } from './pages/Login.tsx';
import { Link, navigate, usePath } from './router.tsx';
import './styles.css';

// Route-based code splitting: each signed-in page is its own chunk, fetched on first visit.
const Dashboard = lazy(() => import('./pages/Dashboard.tsx'));
const SendPayment = lazy(() => import('./pages/SendPayment.tsx'));
const Analytics = lazy(() => import('./pages/Analytics.tsx'));

function App() {
  const path = usePath();
  const [session, setSession] = useState<Session | null>(loadSession);

  const onLogin = useCallback((s: Session) => {
    saveSession(s);
    setSession(s);
    navigate('/', true);
  }, []);
  const onLogout = useCallback(() => {
    saveSession(null);
    setSession(null);
    navigate('/login', true);
  }, []);

  useEffect(() => {
    if (!session && path !== '/login') navigate('/login', true);
  }, [session, path]);

  if (!session || path === '/login') return <Login onLogin={onLogin} />;

  let page;
  if (path === '/send') page = <SendPayment session={session} />;
  else if (path === '/analytics') page = <Analytics session={session} />;
  else page = <Dashboard session={session} onUnauthorized={onLogout} />;

  return (
    <div className="shell">
      <header className="topbar">
        <span className="brand">PayPass</span>
        <nav>
          <Link to="/">Dashboard</Link>
          <Link to="/send">Send</Link>
          <Link to="/analytics">Analytics</Link>
        </nav>
        <button type="button" className="link" onClick={onLogout}>
          Sign out
        </button>
      </header>
      <main className="content">
        <Suspense fallback={<div className="placeholder" aria-busy="true" />}>{page}</Suspense>
      </main>
    </div>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
