import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunStore, readResult } from './run-store.ts';

async function failure(promise: Promise<unknown>, code: string): Promise<string> {
  const started = Date.now();
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toMatchObject({ code, exitCode: 2 });
  expect(Date.now() - started).toBeLessThan(5000);
  return (error as Error).message;
}

describe('RunStore with a file where a directory belongs', () => {
  it('names <out>/baselines when it is a file: save, list, show and --baseline', async () => {
    const out = await mkdtemp(join(tmpdir(), 'perfgate-store-'));
    await writeFile(join(out, 'baselines'), 'x');
    const store = new RunStore(out);
    const expected = `${join(out, 'baselines')}: is a file, expected a directory (perfgate's stored runs and baselines live there)`;
    expect(await failure(store.listBaselines(), 'BAD_OUT_DIR')).toBe(expected);
    expect(await failure(store.resolve('main', 'baseline'), 'BAD_OUT_DIR')).toBe(expected);
    expect(await failure(store.saveBaseline('latest', 'main'), 'BAD_OUT_DIR')).toBe(expected);
  });

  it('names <out>/runs when it is a file', async () => {
    const out = await mkdtemp(join(tmpdir(), 'perfgate-store-'));
    await writeFile(join(out, 'runs'), 'x');
    expect(await failure(new RunStore(out).resolve('latest'), 'BAD_OUT_DIR')).toBe(
      `${join(out, 'runs')}: is a file, expected a directory (perfgate's stored runs and baselines live there)`,
    );
  });

  it('still lists nothing, and says "not found", when the directories are simply missing', async () => {
    const out = await mkdtemp(join(tmpdir(), 'perfgate-store-'));
    const store = new RunStore(out);
    expect(await store.listBaselines()).toEqual([]);
    expect(await failure(store.resolve('main', 'baseline'), 'UNKNOWN_RUN')).toMatch(/^baseline "main": not found;/);
  });
});

describe('readResult', () => {
  it('refuses a named pipe at once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'perfgate-store-'));
    const fifo = join(dir, 'result.json');
    execFileSync('mkfifo', [fifo]);
    expect(await failure(readResult(fifo), 'BAD_RESULT')).toBe(`result file ${fifo}: is not a regular file (a named pipe); expected a file`);
  });

  it('names a missing file, a directory and bad JSON', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'perfgate-store-'));
    expect(await failure(readResult(join(dir, 'nope.json')), 'BAD_RESULT')).toBe(`result file ${join(dir, 'nope.json')}: does not exist`);
    await mkdir(join(dir, 'dir.json'));
    expect(await failure(readResult(join(dir, 'dir.json')), 'BAD_RESULT')).toBe(`result file ${join(dir, 'dir.json')}: is a directory, expected a file`);
    await writeFile(join(dir, 'bad.json'), '{');
    expect(await failure(readResult(join(dir, 'bad.json')), 'BAD_RESULT')).toMatch(/^result file .*bad\.json: not valid JSON \(/);
  });

  it('does not block on a named pipe as runs/latest', async () => {
    const out = await mkdtemp(join(tmpdir(), 'perfgate-store-'));
    await mkdir(join(out, 'runs'));
    execFileSync('mkfifo', [join(out, 'runs', 'latest')]);
    expect(await new RunStore(out).latestRunId()).toBeUndefined();
  });
});
