import type { Plugin, Rollup } from 'vite';
import { LOGIN_ART } from './src/components/login-art-sizes.ts';

/** Each client route's page module (as main.tsx lazy-loads it); a path not listed renders the dashboard. */
export const ROUTE_PAGES: Record<string, string> = {
  '/login': 'src/pages/Login.tsx',
  '/': 'src/pages/Dashboard.tsx',
  '/send': 'src/pages/SendPayment.tsx',
  '/analytics': 'src/pages/Analytics.tsx',
};
/** Where the app keeps the session (src/api.ts): without one, every path shows the login page. */
const SESSION_KEY = 'paypass.session';

interface RoutePreloads {
  /** The route's chunks beyond the entry: its page and what the page imports. */
  modules: string[];
  /** Images in the route's first view: one AVIF srcset each, preloaded at high priority. */
  images: { srcset: string; sizes: string }[];
}

/**
 * Route-level code splitting without its waterfall: every page is a lazy chunk, found only once the entry has run,
 * so the first paint of a page waited for entry, then page (then picture). This adds to index.html a small inline
 * script that, while the HTML is still parsing, preloads what the current route needs — the page's chunks
 * (modulepreload) and, on /login, the artwork's AVIF — beside the entry. Only the current route's: the other
 * routes stay unloaded until visited.
 */
export function routePreload(): Plugin {
  return {
    name: 'paypass-route-preload',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        if (!ctx.bundle) return;
        const routes = routePreloads(ctx.bundle);
        return [{ tag: 'script', injectTo: 'head', children: preloadScript(routes) }];
      },
    },
  };
}

export function routePreloads(bundle: Rollup.OutputBundle): Record<string, RoutePreloads> {
  const chunks = Object.values(bundle).filter((f): f is Rollup.OutputChunk => f.type === 'chunk');
  const entry = chunks.find((c) => c.isEntry);
  const byFile = new Map(chunks.map((c) => [c.fileName, c]));
  const routes: Record<string, RoutePreloads> = {};
  for (const [path, page] of Object.entries(ROUTE_PAGES)) {
    const chunk = chunks.find((c) => c.facadeModuleId?.endsWith(`/${page}`));
    if (!chunk) throw new Error(`route preload: no chunk for ${page} (route ${path}); is it still lazy-loaded by main.tsx?`);
    const modules = new Set<string>();
    const visit = (c: Rollup.OutputChunk) => {
      if (c === entry || modules.has(`/${c.fileName}`)) return;
      modules.add(`/${c.fileName}`);
      for (const imported of c.imports) {
        const next = byFile.get(imported);
        if (next) visit(next);
      }
    };
    visit(chunk);
    routes[path] = { modules: [...modules], images: [] };
  }
  const art = Object.keys(bundle)
    .map((name) => /^assets\/login-art-(\d+)-[\w-]+\.avif$/.exec(name))
    .filter((m): m is RegExpExecArray => m !== null)
    .sort((a, b) => Number(a[1]) - Number(b[1]));
  if (art.length) routes['/login'].images.push({ srcset: art.map((m) => `/${m[0]} ${m[1]}w`).join(', '), sizes: LOGIN_ART.sizes });
  return routes;
}

/** The inline script: picks the route as main.tsx does (no session: the login page) and adds its preload links. */
export function preloadScript(routes: Record<string, RoutePreloads>): string {
  return (
    `(function(){try{var r=${JSON.stringify(routes)},p=location.pathname,s=sessionStorage.getItem(${JSON.stringify(SESSION_KEY)}),` +
    `x=r[s&&p!=="/login"?p:"/login"]||r["/"],h=document.head;` +
    `x.modules.forEach(function(u){var l=document.createElement("link");l.rel="modulepreload";l.href=u;h.appendChild(l)});` +
    `x.images.forEach(function(i){var l=document.createElement("link");l.rel="preload";l.as="image";l.type="image/avif";` +
    `l.setAttribute("imagesrcset",i.srcset);l.setAttribute("imagesizes",i.sizes);l.setAttribute("fetchpriority","high");h.appendChild(l)})` +
    `}catch(e){}})();`
  );
}
