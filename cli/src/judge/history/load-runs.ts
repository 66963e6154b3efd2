// The stored runs of a `runs/` directory (`<id>/result.json`), oldest first by when they started.
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunResult } from '../../model/index.ts';
import { usageError } from '../../util/errors.ts';
import { readResult } from '../run-store.ts';

export interface StoredRuns {
  runs: RunResult[];
  /** result.json files that could not be read: left out of the history, and said so. */
  unreadable: { file: string; reason: string }[];
}

export interface LoadRunsOptions {
  /** Keep the newest this many. */
  last?: number;
  /** The history as of this run: runs that started after it are left out, and it stands in for its stored copy. */
  upTo?: RunResult;
}

/** perfgate's run ids start with their UTC start time (20261125-031502-a1b2c3): sorting the names sorts the runs. */
const TIMESTAMPED = /^\d{8}-\d{6}-/;

export async function loadStoredRuns(runsDir: string, options: LoadRunsOptions = {}): Promise<StoredRuns> {
  let names: string[];
  try {
    names = (await readdir(runsDir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { runs: options.upTo ? [options.upTo] : [], unreadable: [] };
    throw usageError('BAD_OUT_DIR', `${runsDir}: cannot be read (${code === 'ENOTDIR' ? 'a file, expected a directory' : (error as Error).message})`);
  }
  const upTo = options.upTo;
  names = names.filter((n) => n !== upTo?.id).sort();
  // Reading every result of a long history (each holds every sample) would be slow: when every name carries its
  // start time, only the newest are read.
  if (options.last !== undefined && names.every((n) => TIMESTAMPED.test(n))) {
    const eligible = upTo && TIMESTAMPED.test(upTo.id) ? names.filter((n) => n < upTo.id) : names;
    // A few more than asked: a folder of a run that never finished has no result.
    names = eligible.slice(-(options.last + 5));
  }
  const unreadable: StoredRuns['unreadable'] = [];
  const read = await Promise.all(
    names.map(async (name) => {
      const file = join(runsDir, name, 'result.json');
      // A folder without a result (a run still writing, or killed) is no run yet.
      if (!existsSync(file)) return undefined;
      try {
        return await readResult(file);
      } catch (error) {
        unreadable.push({ file, reason: (error as Error).message.replace(`result file ${file}: `, '') });
        return undefined;
      }
    }),
  );
  let runs = read.filter((r): r is RunResult => r !== undefined);
  if (upTo) runs = [...runs.filter((r) => r.startedAt <= upTo.startedAt), upTo];
  runs.sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt) || a.id.localeCompare(b.id));
  return { runs: options.last !== undefined ? runs.slice(-options.last) : runs, unreadable };
}
