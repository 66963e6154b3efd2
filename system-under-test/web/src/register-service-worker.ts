/**
 * Registers the service worker that keeps the built, hashed assets in Cache Storage (see service-worker/worker.ts).
 * Production builds only: in development the assets are not hashed, and a cache-first worker would serve stale
 * modules. A build defines process.env.NODE_ENV as "production" whatever the environment that runs it (see
 * vite.config.ts); import.meta.env.PROD would follow a test runner's NODE_ENV=test instead. After `load`, so
 * registering and precaching never compete with the first render.
 */
export function registerServiceWorker(): void {
  if (process.env.NODE_ENV !== 'production' || !('serviceWorker' in navigator)) return;
  const register = () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {
      // No worker (private mode, an insecure origin): the app works the same, from the HTTP cache.
    });
  };
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}
