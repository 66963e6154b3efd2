// Runs PayPass in its own process so the load generator and the server do not share one event loop.
// Speaks to the parent with one JSON line on stdout; stops when told (SIGTERM) or when the parent goes away.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PayPassOptions, RunningPayPass } from '../../../system-under-test/index.ts';

// A/B mode points this at another checkout of PayPass (a git worktree of another ref).
const root = process.env.PERFGATE_PAYPASS_ROOT;
const source = (path: string) => (root ? pathToFileURL(join(root, path)).href : `../../../${path}`);
// Tracing (off unless OTEL_* says otherwise) must start before pg and fastify load, so PayPass is imported after it.
// An older checkout (A/B mode) may predate tracing: then it runs without.
const tracing = (await import(source('system-under-test/api/telemetry/tracing.ts')).catch(() => undefined)) as { startTracing?: () => Promise<() => Promise<void>> } | undefined;
const stopTracing = (await tracing?.startTracing?.()) ?? (async () => undefined);
const entry = source('system-under-test/index.ts');
const { startPayPass } = (await import(entry)) as { startPayPass: (o: PayPassOptions) => Promise<RunningPayPass> };

const options = JSON.parse(process.env.PERFGATE_PAYPASS_OPTIONS ?? '{}') as PayPassOptions;
let stopping: Promise<void> | undefined;

try {
  const paypass = await startPayPass({ ...options, log: (line) => process.stderr.write(`${line}\n`) });
  const stop = () => {
    stopping ??= paypass
      .stop()
      .then(stopTracing)
      .finally(() => process.exit(0));
    return stopping;
  };
  process.on('SIGTERM', stop);
  // The parent handles Ctrl-C itself and stops us when its report is written.
  process.on('SIGINT', () => undefined);
  process.stdin.on('end', stop);
  process.stdin.resume();
  process.stdout.write(`${JSON.stringify({ event: 'ready', url: paypass.url, mode: paypass.mode, databaseUrl: paypass.databaseUrl, credentials: paypass.credentials })}\n`);
} catch (error) {
  // A database that is not PayPass's is the caller's mistake (exit 2), not a failure to run.
  const foreignDatabase = (error as Error).name === 'ForeignDatabaseError';
  process.stdout.write(`${JSON.stringify({ event: 'failed', message: (error as Error).message, foreignDatabase })}\n`);
  process.exit(1);
}
