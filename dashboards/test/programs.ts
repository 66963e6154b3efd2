import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** A server program started for a test (Debian's prometheus, prometheus-pushgateway, prometheus-alertmanager). */
export interface Program {
  name: string;
  url: string;
  /** The last lines it wrote, for the message of a failing assertion. */
  output(): string;
  stop(): Promise<void>;
}

/** A free port on loopback: bind, note it, close (the program started next binds it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/**
 * Starts `command` listening on `port` and waits until its `/-/ready` answers (all three programs have one). Fails
 * with the program's own output when it exits or is not ready in time.
 */
export async function startProgram(command: string, args: string[], port: number, timeoutMs = 60_000): Promise<Program> {
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-8000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  // Should the test process die without its afterAll, the program goes with it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const program: Program = {
    name: command,
    url,
    output: () => output,
    stop: async () => {
      process.off('exit', killOnExit);
      await stop(child);
    },
  };
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code, signal) => reject(new Error(`${command} exited (${code ?? signal}) before it was ready:\n${output}`))),
  );
  exited.catch(() => undefined);
  try {
    await Promise.race([waitUntilReady(url, timeoutMs, () => output), exited]);
  } catch (error) {
    await program.stop();
    throw error;
  }
  return program;
}

async function waitUntilReady(url: string, timeoutMs: number, output: () => string): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(200)) {
    const ready = await fetch(`${url}/-/ready`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return;
  }
  throw new Error(`not ready on ${url} within ${timeoutMs / 1000} s:\n${output()}`);
}

/** SIGTERM, and SIGKILL if it has not exited ten seconds later. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Retries `attempt` until it returns undefined (done) or the deadline passes; then fails with the last thing it
 * returned, which says what was still missing.
 */
export async function eventually(attempt: () => Promise<string | undefined>, timeoutMs: number, intervalMs = 1000): Promise<void> {
  let missing: string | undefined;
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(intervalMs)) {
    missing = await attempt();
    if (missing === undefined) return;
  }
  missing = await attempt();
  if (missing !== undefined) throw new Error(missing);
}
