import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';

export const REPO = resolve(import.meta.dirname, '../..');
export const fixture = (name: string) => join(REPO, 'cli/test/fixtures', name);

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `perfgate` bin in a child process, as a user would. */
export function runCli(args: string[], env: Record<string, string | undefined> = {}, timeoutMs = 240_000, onStderr?: (text: string) => void): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [join(REPO, 'cli/bin/perfgate.js'), ...args], {
      cwd: REPO,
      env: { ...process.env, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr += d;
      onStderr?.(String(d));
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`perfgate ${args.join(' ')} timed out\n${stderr}`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
  });
}

export async function tempOut(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'perfgate-test-'));
  // mkdtemp makes 0700 dirs; embedded PostgreSQL, run as root, drops to the postgres user, which must reach its data dir.
  await chmod(dir, 0o755);
  return dir;
}

/** A small real HTTP server to point `--url` at. */
export async function startHelloServer(): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    // Also mounted under /api, to test base URLs with a path.
    req.url = req.url?.replace(/^\/api(?=\/)/, '');
    if (req.url === '/hello') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('hello');
    } else if (req.url === '/echo' && req.method === 'POST') {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => res.writeHead(201, { 'content-type': 'application/json' }).end(body));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, server };
}

/** A port nothing listens on: bind, note the port, close. */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return `http://127.0.0.1:${port}`;
}

/** A server whose only endpoint answers after a delay (changeable): two of them make a known A/B difference. */
export async function startDelayServer(delayMs: number): Promise<{ url: string; server: Server; setDelay: (ms: number) => void }> {
  let delay = delayMs;
  const server = createServer((req, res) => {
    setTimeout(() => res.writeHead(200, { 'content-type': 'text/plain' }).end('ok'), delay);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, server, setDelay: (ms) => (delay = ms) };
}
