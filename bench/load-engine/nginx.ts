// The target both generators load: a private nginx (one worker, pinned to a CPU of its own) serving a 1 KiB file.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const NGINX = '/usr/sbin/nginx';
export const FILE_PATH = '/1k.txt';

export interface Nginx {
  url: string;
  port: number;
  cpu: number;
  /** Stops nginx and removes its directory; resolves once it has exited (so its CPU time is accounted to this process). */
  stop(): Promise<void>;
}

/** A port nothing listens on now (the kernel's pick, released at once). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function config(dir: string, port: number): string {
  const temp = (name: string) => `${name}_temp_path ${join(dir, 'temp', name)};`;
  return `worker_processes 1;
daemon off;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  keepalive_timeout 60s;
  default_type text/plain;
  ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join('\n  ')}
  server {
    listen 127.0.0.1:${port};
    root ${join(dir, 'www')};
  }
}
`;
}

/** Starts nginx in the foreground as a child pinned to `cpu`; resolves once it accepts connections. */
export async function startNginx(cpu: number): Promise<Nginx> {
  const dir = mkdtempSync(join(tmpdir(), 'perfgate-bench-nginx-'));
  // Readable by the worker process, which runs as an unprivileged user when the bench runs as root.
  chmodSync(dir, 0o755);
  mkdirSync(join(dir, 'www'), { mode: 0o755 });
  mkdirSync(join(dir, 'temp'));
  writeFileSync(join(dir, 'www', FILE_PATH.slice(1)), 'x'.repeat(1023) + '\n', { mode: 0o644 });
  const port = await freePort();
  writeFileSync(join(dir, 'nginx.conf'), config(dir, port));

  const child: ChildProcess = spawn('taskset', ['-c', String(cpu), NGINX, '-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', (error) => {
      stderr += error.message;
      resolve();
    });
  }).then(() => {
    exited = true;
  });
  const stop = async () => {
    if (!exited) child.kill('SIGTERM');
    await Promise.race([exit, new Promise((r) => setTimeout(r, 3000))]);
    rmSync(dir, { recursive: true, force: true });
  };

  for (let waited = 0; waited < 5000; waited += 50) {
    if (exited) break;
    if (await accepts(port)) return { url: `http://127.0.0.1:${port}`, port, cpu, stop };
    await new Promise((r) => setTimeout(r, 50));
  }
  let log = '';
  try {
    log = readFileSync(join(dir, 'error.log'), 'utf8');
  } catch {
    // no log written
  }
  await stop();
  const why = (stderr + log).trim().split('\n').pop() ?? '';
  throw new Error(`nginx did not start on 127.0.0.1:${port}${why ? `: ${why}` : ''}`);
}
