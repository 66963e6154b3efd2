import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { stopPostmaster } from '../../../system-under-test/api/db/postmaster.ts';
import { packagePath } from '../util/paths.ts';
import { usageError, runError } from '../util/errors.ts';

export interface PayPassProcessOptions {
  databaseUrl?: string;
  redisUrl?: string;
  dataDir: string;
  seed?: { users: number; payments: number; seed: number };
  log: (line: string) => void;
  /** A checkout of PayPass other than this package (A/B mode: another git ref). */
  root?: string;
}

export interface PayPassProcess {
  url: string;
  /** The database PayPass uses (embedded: a local cluster on a free port). */
  databaseUrl: string;
  mode: 'embedded' | 'services';
  credentials: { email: string; password: string }[];
  stop(): Promise<void>;
}

/** Starts PayPass (embedded PostgreSQL unless a database URL is given) in a child process. */
export async function startPayPassProcess(options: PayPassProcessOptions): Promise<PayPassProcess> {
  const child = spawn(process.execPath, [packagePath('cli/bin/run-ts.js'), packagePath('cli/src/target/paypass-child.ts')], {
    // Own process group: Ctrl-C reaches perfgate, which writes its report before stopping PayPass.
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: {
      ...process.env,
      ...(options.root ? { PERFGATE_PAYPASS_ROOT: options.root } : {}),
      PERFGATE_PAYPASS_OPTIONS: JSON.stringify({
        databaseUrl: options.databaseUrl,
        redisUrl: options.redisUrl,
        // Separate key spaces let several PayPass instances share one Redis (parallel CI jobs, A/B runs).
        redisPrefix: process.env.PAYPASS_REDIS_PREFIX,
        dataDir: options.dataDir,
        seed: options.seed,
        port: 0,
        host: '127.0.0.1',
      }),
    },
  });
  const stderrTail: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => {
    stderrTail.push(line);
    if (stderrTail.length > 20) stderrTail.shift();
    options.log(line);
  });
  const ready = await waitForReady(child, stderrTail);
  let stopped: Promise<void> | undefined;
  return {
    ...ready,
    stop: () =>
      (stopped ??= stopChild(child).then(async () => {
        // The child stops its embedded PostgreSQL, but a slow shutdown checkpoint can outlast it (its libraries
        // force an exit after 10 s; a hung child is killed): the run is not over while the database still runs.
        if (ready.mode === 'embedded') await stopPostmaster(options.dataDir);
      })),
  };
}

interface ReadyLine {
  event: 'ready' | 'failed';
  url: string;
  mode: 'embedded' | 'services';
  databaseUrl: string;
  credentials: { email: string; password: string }[];
  message?: string;
  foreignDatabase?: boolean;
}

function waitForReady(child: ChildProcess, stderrTail: string[]): Promise<Omit<PayPassProcess, 'stop'>> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      try {
        const ready = JSON.parse(line) as ReadyLine;
        if (ready.event === 'ready') return resolve({ url: ready.url, mode: ready.mode, databaseUrl: ready.databaseUrl, credentials: ready.credentials });
        if (ready.foreignDatabase) {
          reject(usageError('FOREIGN_DATABASE', `--database-url / DATABASE_URL: ${ready.message}. To examine this database, give its queries with --queries FILE`));
        } else {
          reject(runError(`PayPass could not start: ${ready.message ?? 'unknown reason'}`, 'TARGET_FAILED'));
        }
      } catch {
        reject(runError(`PayPass printed an unexpected line while starting: ${line.slice(0, 200)}`, 'TARGET_FAILED'));
      }
    });
    child.once('exit', (code) => {
      // Node ends a crash with its version line; the cause is a few lines up.
      const cause = [...stderrTail].reverse().find((l) => /error/i.test(l)) ?? stderrTail.at(-1) ?? '';
      reject(runError(`PayPass exited while starting (code ${code})${cause ? `: ${cause.trim()}` : ''}`, 'TARGET_FAILED'));
    });
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(timer);
}
