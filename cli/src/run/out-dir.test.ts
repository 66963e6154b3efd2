import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertOutDir } from './out-dir.ts';

async function outDirError(dir: string, flag = '--out'): Promise<Error> {
  const started = Date.now();
  const error = await assertOutDir(dir, flag).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toMatchObject({ code: 'BAD_OUT_DIR', exitCode: 2 });
  expect(Date.now() - started).toBeLessThan(5000);
  return error as Error;
}

describe('assertOutDir', () => {
  it('creates a missing directory and its parents, and leaves nothing else in it', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'perfgate-out-')), 'a', 'b', 'c');
    await assertOutDir(dir, '--out');
    expect(statSync(dir).isDirectory()).toBe(true);
    expect(readdirSync(dir)).toEqual([]);
    await assertOutDir(dir, '--out');
  });

  // mkdir({ recursive: true }) under /proc retried "/proc/x" (ENOENT) and "/proc" (EEXIST) forever.
  it('refuses /proc/x at once instead of hanging', async () => {
    expect((await outDirError('/proc/x')).message).toBe('--out /proc/x: cannot create it (/proc does not allow new directories)');
    expect(existsSync('/proc/x')).toBe(false);
  });

  it('refuses a directory that exists but cannot hold files', async () => {
    expect((await outDirError('/proc', 'out')).message).toBe('out /proc: cannot write into it (the file system there does not allow new files)');
  });

  it('names a file, a device, a named pipe and a path below a file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'perfgate-out-'));
    const file = join(dir, 'a-file');
    await writeFile(file, 'x');
    expect((await outDirError(file)).message).toBe(`--out ${file}: is a file, expected a directory`);
    expect((await outDirError('/dev/null')).message).toBe('--out /dev/null: is not a directory (a device); expected a directory');
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    expect((await outDirError(fifo)).message).toBe(`--out ${fifo}: is not a directory (a named pipe); expected a directory`);
    expect((await outDirError(join(file, 'below'))).message).toBe(`--out ${join(file, 'below')}: cannot create it (a parent is a file)`);
  });
});
