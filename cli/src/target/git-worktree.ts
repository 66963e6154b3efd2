import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, symlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { PACKAGE_ROOT } from '../util/paths.ts';
import { usageError, runError } from '../util/errors.ts';

const run = promisify(execFile);

/**
 * A checkout of this repository at a git ref, under `<out>/ab/<sha>`, with its dependencies:
 * the same node_modules when the lockfile is unchanged (fast), else its own `npm ci`.
 */
export async function checkoutRef(ref: string, outDir: string, log: (line: string) => void): Promise<{ dir: string; sha: string }> {
  let sha: string;
  try {
    sha = (await run('git', ['rev-parse', '--verify', `${ref}^{commit}`], { cwd: PACKAGE_ROOT })).stdout.trim();
  } catch {
    throw usageError('BAD_FLAG', `--base/--head ${ref}: not a URL and not a git ref of ${PACKAGE_ROOT}; expected http(s)://… or a commit, branch or tag`);
  }
  const dir = resolve(outDir, 'ab', sha.slice(0, 12));
  if (!existsSync(join(dir, 'package.json'))) {
    log(`git worktree ${ref} (${sha.slice(0, 12)}) → ${dir}`);
    await run('git', ['worktree', 'prune'], { cwd: PACKAGE_ROOT });
    await run('git', ['worktree', 'add', '--force', '--detach', dir, sha], { cwd: PACKAGE_ROOT });
  }
  if (!existsSync(join(dir, 'node_modules'))) {
    const same = (await readFile(join(dir, 'package-lock.json'), 'utf8').catch(() => '')) === (await readFile(join(PACKAGE_ROOT, 'package-lock.json'), 'utf8'));
    if (same) {
      await symlink(join(PACKAGE_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    } else {
      log(`npm ci in ${dir} (its lockfile differs)`);
      try {
        await run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: dir, maxBuffer: 64 * 1024 * 1024 });
      } catch (error) {
        throw runError(`npm ci for ${ref} failed: ${(error as Error).message.split('\n')[0]}`, 'TARGET_FAILED');
      }
    }
  }
  return { dir, sha };
}
