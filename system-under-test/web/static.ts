import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants as zc, gzip } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Where `npm run web:build` writes PayPass's front end. */
export const WEB_DIST = fileURLToPath(new URL('./dist', import.meta.url));

/** The front end's client-side routes: a browser navigating to one gets index.html. */
export const CLIENT_ROUTES = ['/', '/login', '/send', '/analytics'] as const;

export interface WebStaticOptions {
  /** Built front end; defaults to system-under-test/web/dist. */
  root?: string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.txt', '.map', '.ico']);
/** Vite names built assets `name-<hash>.ext`: their content never changes under that name. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

interface Encoded {
  identity: Buffer;
  br?: Buffer;
  gzip?: Buffer;
  etag: string;
  type: string;
}

/**
 * Fastify plugin serving the built PayPass front end: hashed `/assets/*` with a year-long immutable
 * cache, other files (index.html, favicon) revalidated by ETag, brotli/gzip compressed once and kept
 * in memory, and index.html for the client routes. Register it in the API:
 * `await app.register(webStatic)`. Without a build it answers 503 on `/` saying how to build.
 */
export async function webStatic(app: FastifyInstance, opts: WebStaticOptions = {}): Promise<void> {
  const root = resolve(opts.root ?? WEB_DIST);
  const index = join(root, 'index.html');
  if (!existsSync(index)) {
    app.log.warn(`web front end not built (${index} missing): run npm run web:build`);
    app.get('/', async (_req, reply) => reply.code(503).type('text/plain; charset=utf-8').send('PayPass web is not built: run `npm run web:build`.\n'));
    return;
  }
  const cache = new Map<string, Promise<Encoded>>();
  const load = (file: string): Promise<Encoded> => {
    const mtime = statSync(file).mtimeMs;
    const key = `${file}:${mtime}`;
    let hit = cache.get(key);
    if (!hit) {
      hit = encode(file);
      hit.catch(() => cache.delete(key));
      cache.set(key, hit);
    }
    return hit;
  };

  const send = async (request: FastifyRequest, reply: FastifyReply, file: string, cacheControl: string) => {
    let body: Encoded;
    try {
      body = await load(file);
    } catch {
      return reply.callNotFound();
    }
    reply.header('cache-control', cacheControl).header('etag', body.etag).header('vary', 'accept-encoding').type(body.type);
    if (request.headers['if-none-match'] === body.etag) return reply.code(304).send();
    const accept = String(request.headers['accept-encoding'] ?? '');
    if (body.br && /\bbr\b/.test(accept)) return reply.header('content-encoding', 'br').send(body.br);
    if (body.gzip && /\bgzip\b/.test(accept)) return reply.header('content-encoding', 'gzip').send(body.gzip);
    return reply.send(body.identity);
  };

  const assets = join(root, 'assets');
  app.get<{ Params: { '*': string } }>('/assets/*', async (request, reply) => {
    const file = resolve(assets, request.params['*']);
    if (!file.startsWith(assets + sep) || !isFile(file)) return reply.callNotFound();
    return send(request, reply, file, IMMUTABLE);
  });
  // Top-level files the build copied from public/ (favicon.svg, robots.txt, ...).
  for (const name of readdirSync(root)) {
    const file = join(root, name);
    if (name === 'index.html' || name.startsWith('.') || !isFile(file)) continue;
    app.get(`/${name}`, async (request, reply) => send(request, reply, file, REVALIDATE));
  }
  for (const route of CLIENT_ROUTES) {
    app.get(route, async (request, reply) => send(request, reply, index, REVALIDATE));
  }
  app.get('/index.html', async (request, reply) => send(request, reply, index, REVALIDATE));
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

async function encode(file: string): Promise<Encoded> {
  const identity = await readFile(file);
  const ext = extname(file).toLowerCase();
  const etag = `W/"${createHash('sha1').update(identity).digest('base64url').slice(0, 20)}"`;
  const out: Encoded = { identity, etag, type: TYPES[ext] ?? 'application/octet-stream' };
  if (COMPRESSIBLE.has(ext) && identity.length > 1024) {
    const [br, gzipped] = await Promise.all([
      brotli(identity, { params: { [zc.BROTLI_PARAM_QUALITY]: 11, [zc.BROTLI_PARAM_SIZE_HINT]: identity.length } }),
      gz(identity, { level: 9 }),
    ]);
    if (br.length < identity.length) out.br = br;
    if (gzipped.length < identity.length) out.gzip = gzipped;
  }
  return out;
}

export default webStatic;
