import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { historyRuns } from '../../../test/history-runs.ts';
import { loadStoredRuns } from './load-runs.ts';

describe('loadStoredRuns', () => {
  const dir = mkdtempSync(join(tmpdir(), 'perfgate-history-'));
  const runs = historyRuns({ count: 12 });
  // Written newest first, so that the order read is the runs' own.
  for (const r of [...runs].reverse()) {
    mkdirSync(join(dir, r.id));
    writeFileSync(join(dir, r.id, 'result.json'), JSON.stringify(r));
  }
  mkdirSync(join(dir, '20261101-000000-unfinished'));
  mkdirSync(join(dir, '20261101-000000-broken'));
  writeFileSync(join(dir, '20261101-000000-broken', 'result.json'), '{ not json');
  writeFileSync(join(dir, 'latest'), `${runs.at(-1)!.id}\n`);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads every stored run oldest first; an unfinished folder is no run, a broken result is reported', async () => {
    const { runs: read, unreadable } = await loadStoredRuns(dir);
    expect(read.map((r) => r.id)).toEqual(runs.map((r) => r.id));
    expect(unreadable).toEqual([{ file: join(dir, '20261101-000000-broken', 'result.json'), reason: expect.stringContaining('not valid JSON') }]);
  });

  it('keeps the newest N', async () => {
    expect((await loadStoredRuns(dir, { last: 5 })).runs.map((r) => r.id)).toEqual(runs.slice(-5).map((r) => r.id));
  });

  it('as of a run: none after it, and the run itself in place of its stored copy', async () => {
    const asOf = { ...runs[6]!, outcome: 'fail' as const };
    const { runs: read } = await loadStoredRuns(dir, { upTo: asOf, last: 4 });
    expect(read.map((r) => r.id)).toEqual(runs.slice(3, 7).map((r) => r.id));
    expect(read.at(-1)).toBe(asOf);
  });

  it('no runs directory yet: no runs', async () => {
    expect(await loadStoredRuns(join(dir, 'missing'))).toEqual({ runs: [], unreadable: [] });
  });

  it('a file where the directory belongs is a usage error', async () => {
    await expect(loadStoredRuns(join(dir, 'latest'))).rejects.toThrow(/a file, expected a directory/);
  });
});
