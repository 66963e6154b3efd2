import { mkdir, stat } from 'node:fs/promises';
import { usageError } from '../util/errors.ts';

/** The state directory must be a directory perfgate can create and write into; checked before any measuring. */
export async function assertOutDir(dir: string, flag: string): Promise<void> {
  const existing = await stat(dir).catch(() => undefined);
  if (existing && !existing.isDirectory()) throw usageError('BAD_OUT_DIR', `${flag} ${dir}: is a file, expected a directory`);
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'EACCES' ? 'permission denied' : code === 'ENOTDIR' ? 'a parent is a file' : (error as Error).message;
    throw usageError('BAD_OUT_DIR', `${flag} ${dir}: cannot create it (${why})`);
  }
}
