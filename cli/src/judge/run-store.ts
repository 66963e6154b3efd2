import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { RunResult } from '../model/index.ts';
import { usageError } from '../util/errors.ts';
import { formatZodIssue } from '../util/format-zod-error.ts';
import { readRegularFile } from '../util/load-module.ts';

/**
 * Stored runs (`<out>/runs/<id>/result.json`) and named baselines (`<out>/baselines/<name>.json`).
 * A reference is a result file path, a run id, `latest`, or a baseline name — whichever exists.
 */
export class RunStore {
  constructor(readonly outDir: string) {}

  runsDir(): string {
    return join(this.outDir, 'runs');
  }

  baselinesDir(): string {
    return join(this.outDir, 'baselines');
  }

  async latestRunId(): Promise<string | undefined> {
    try {
      // A run id is a line; read as a regular file, so that a named pipe put there cannot block.
      return (await readRegularFile(join(this.runsDir(), 'latest'), 4096)).trim() || undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * `<out>/runs` and `<out>/baselines` must be directories when they exist: a file there would otherwise
   * read as "not found" or fail deep inside mkdir. Returns whether the directory exists.
   */
  private async directory(dir: string): Promise<boolean> {
    let info;
    try {
      info = await stat(dir);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return false;
      throw usageError('BAD_OUT_DIR', `${dir}: cannot be read (${code === 'ENOTDIR' ? 'a parent is a file' : code === 'EACCES' ? 'permission denied' : (error as Error).message})`);
    }
    if (!info.isDirectory()) throw usageError('BAD_OUT_DIR', `${dir}: is a file, expected a directory (perfgate's stored runs and baselines live there)`);
    return true;
  }

  /** Finds a run by file path, run id, `latest`, or baseline name. */
  async resolve(ref: string, what = 'run'): Promise<{ result: RunResult; file: string }> {
    const file = await this.locate(ref);
    if (!file) {
      // Say so when the cause is a file where a directory belongs, rather than "not found".
      await this.directory(this.runsDir());
      await this.directory(this.baselinesDir());
      throw usageError(
        'UNKNOWN_RUN',
        `${what} "${ref}": not found; expected a result.json path, a run id under ${this.runsDir()}, "latest", or a baseline name (perfgate baseline list)`,
      );
    }
    return { result: await readResult(file), file };
  }

  private async locate(ref: string): Promise<string | undefined> {
    if (ref.endsWith('.json') && existsSync(resolve(ref))) return resolve(ref);
    const id = ref === 'latest' ? await this.latestRunId() : ref;
    if (id && /^[\w.-]+$/.test(id) && existsSync(join(this.runsDir(), id, 'result.json'))) return join(this.runsDir(), id, 'result.json');
    if (/^[\w.-]+$/.test(ref) && existsSync(join(this.baselinesDir(), `${ref}.json`))) return join(this.baselinesDir(), `${ref}.json`);
    return undefined;
  }

  async saveBaseline(ref: string, name: string): Promise<{ file: string; result: RunResult }> {
    if (!/^[\w.-]+$/.test(name)) throw usageError('BAD_FLAG', `--name ${name}: expected letters, digits, '.', '_' or '-'`);
    const { result, file: source } = await this.resolve(ref);
    const dir = this.baselinesDir();
    const file = join(dir, `${name}.json`);
    try {
      if (!(await this.directory(dir))) await mkdir(dir, { recursive: true });
      await copyFile(source, file);
    } catch (error) {
      if (isUsageError(error)) throw error;
      throw usageError('BAD_OUT_DIR', `${file}: cannot write it (${describeWriteError(error)})`);
    }
    return { file, result };
  }

  async listBaselines(): Promise<{ name: string; result: RunResult }[]> {
    const dir = this.baselinesDir();
    if (!(await this.directory(dir))) return [];
    let files: string[];
    try {
      files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
    } catch (error) {
      throw usageError('BAD_OUT_DIR', `${dir}: cannot be read (${describeWriteError(error)})`);
    }
    return Promise.all(files.map(async (f) => ({ name: f.slice(0, -5), result: await readResult(join(this.baselinesDir(), f)) })));
  }
}

export async function readResult(file: string): Promise<RunResult> {
  let text: string;
  try {
    // Results of long runs hold every sample: allowed well beyond what an input file may weigh.
    text = await readRegularFile(file, 512 * 1024 * 1024);
  } catch (error) {
    throw usageError('BAD_RESULT', `result file ${file}: ${(error as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw usageError('BAD_RESULT', `result file ${file}: not valid JSON (${(error as Error).message})`);
  }
  const parsed = RunResult.safeParse(raw);
  if (!parsed.success) throw usageError('BAD_RESULT', `result file ${file}: ${formatZodIssue(parsed.error)}; expected a perfgate result.json (schemaVersion 1)`);
  return parsed.data;
}

function isUsageError(error: unknown): boolean {
  return (error as { exitCode?: number } | null)?.exitCode === 2;
}

function describeWriteError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'a directory is in the way';
  if (code === 'ENOTDIR') return 'a parent is a file';
  if (code === 'EROFS') return 'read-only file system';
  return ((error as Error).message ?? String(error)).split('\n')[0]!;
}
