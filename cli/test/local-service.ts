import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LocalService {
  url: string;
  stop(): Promise<void>;
}

/** A free port on loopback: bind, note it, close (the program started next binds it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/**
 * Starts a real server program (Debian's prometheus-pushgateway, prometheus-alertmanager) on a free loopback port
 * and waits until its `/-/ready` answers. `args(port)` gives its flags.
 */
export async function startProgram(program: string, args: (port: number) => string[], timeoutMs = 30_000): Promise<LocalService> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(program, args(port), { stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  child.stderr!.on('data', (d) => (output = (output + String(d)).slice(-4000)));
  const exited = new Promise<never>((_, reject) => {
    child.once('exit', (code) => reject(new Error(`${program} exited (${code}) before it was ready:\n${output}`)));
    child.once('error', (error) => reject(new Error(`${program} could not start (${error.message}); .ci/prerequisites.sh installs it`)));
  });
  const ready = (async () => {
    for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
      const ok = await fetch(`${url}/-/ready`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return;
    }
    throw new Error(`${program} was not ready on ${url} within ${timeoutMs / 1000} s:\n${output}`);
  })();
  try {
    await Promise.race([ready, exited]);
  } catch (error) {
    await stop(child);
    throw error;
  }
  exited.catch(() => undefined);
  return { url, stop: () => stop(child) };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  await gone;
}

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/**
 * A real HTTP receiver on loopback that records every request and answers with `respond` (default 200 `{}`): a
 * webhook, Slack, or the few GitHub endpoints a test mimics.
 */
export async function startReceiver(
  respond: (request: ReceivedRequest) => { status?: number; body?: unknown } = () => ({}),
): Promise<{ url: string; requests: ReceivedRequest[]; server: Server; close: () => Promise<void> }> {
  const requests: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      requests.push(request);
      const answer = respond(request);
      res.writeHead(answer.status ?? 200, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body ?? {}));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, server, close: () => new Promise<void>((r) => server.close(() => r())) };
}
