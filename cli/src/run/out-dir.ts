import { randomBytes } from 'node:crypto';
import { mkdir, open, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { usageError, type PerfgateError } from '../util/errors.ts';

/** Seconds the checks below may take: a hung network mount is refused, not waited on. */
export const OUT_DIR_TIMEOUT_S = 10;

/**
 * The state directory must be a directory perfgate can create and write into; checked before any measuring.
 * mkdir({ recursive: true }) is not used: on a file system that refuses new entries with ENOENT (/proc), it
 * retries the parent and the child forever. Each missing level is made on its own instead, then a file is
 * created and removed in the directory, which also catches directories that exist but cannot hold files.
 */
export async function assertOutDir(dir: string, flag: string, timeoutS = OUT_DIR_TIMEOUT_S): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(usageError('BAD_OUT_DIR', `${flag} ${dir}: the file system did not answer within ${timeoutS} s`)), timeoutS * 1000);
  });
  try {
    await Promise.race([checkOutDir(dir, flag), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function checkOutDir(dir: string, flag: string): Promise<void> {
  const fail = (problem: string): PerfgateError => usageError('BAD_OUT_DIR', `${flag} ${dir}: ${problem}`);
  const existing = await stat(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw fail(`cannot create it (${describe(error)})`);
  });
  if (existing?.isFile()) throw fail('is a file, expected a directory');
  if (existing && !existing.isDirectory())
    throw fail(`is not a directory (${existing.isFIFO() ? 'a named pipe' : existing.isSocket() ? 'a socket' : 'a device'}); expected a directory`);
  if (!existing) await makeDirectories(resolve(dir), fail);
  await probeWrite(dir, fail);
}

/** Makes `dir` and its missing parents, one level at a time (at most as many levels as the path has). */
async function makeDirectories(dir: string, fail: (problem: string) => PerfgateError): Promise<void> {
  const missing: string[] = [];
  for (let at = dir; ; at = dirname(at)) {
    const info = await stat(at).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw fail(`cannot create it (${describe(error)})`);
    });
    if (info) {
      if (!info.isDirectory()) throw fail('cannot create it (a parent is a file)');
      break;
    }
    missing.unshift(at);
    if (dirname(at) === at) break;
  }
  for (const level of missing) {
    try {
      await mkdir(level);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (
        code === 'EEXIST' &&
        (await stat(level).then(
          (s) => s.isDirectory(),
          () => false,
        ))
      )
        continue;
      // ENOENT although the parent exists: the file system takes no new directories there (/proc, /sys).
      const why = code === 'ENOENT' ? `${dirname(level)} does not allow new directories` : describe(error as NodeJS.ErrnoException);
      throw fail(`cannot create it (${why})`);
    }
  }
}

/** Creates and removes a file: permissions, read-only mounts and pseudo file systems all fail here, early. */
async function probeWrite(dir: string, fail: (problem: string) => PerfgateError): Promise<void> {
  const probe = join(dir, `.perfgate-write-check-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await (await open(probe, 'wx')).close();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'the file system there does not allow new files' : describe(error as NodeJS.ErrnoException);
    throw fail(`cannot write into it (${why})`);
  }
  await rm(probe, { force: true });
}

function describe(error: NodeJS.ErrnoException): string {
  if (error.code === 'EACCES' || error.code === 'EPERM') return 'permission denied';
  if (error.code === 'ENOTDIR') return 'a parent is a file';
  if (error.code === 'EROFS') return 'read-only file system';
  if (error.code === 'ENOSPC') return 'no space left on the device';
  if (error.code === 'ENAMETOOLONG') return 'the name is too long';
  if (error.code === 'ELOOP') return 'too many levels of symbolic links';
  return error.message.split('\n')[0]!;
}
