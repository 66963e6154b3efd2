import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { RunResult } from '../model/index.ts';
import { usageError } from '../util/errors.ts';
import { formatZodIssue } from '../util/format-zod-error.ts';

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
      return (await readFile(join(this.runsDir(), 'latest'), 'utf8')).trim() || undefined;
    } catch {
      return undefined;
    }
  }

  /** Finds a run by file path, run id, `latest`, or baseline name. */
  async resolve(ref: string, what = 'run'): Promise<{ result: RunResult; file: string }> {
    const file = await this.locate(ref);
    if (!file) {
      throw usageError('UNKNOWN_RUN', 
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
    await mkdir(this.baselinesDir(), { recursive: true });
    const file = join(this.baselinesDir(), `${name}.json`);
    await copyFile(source, file);
    return { file, result };
  }

  async listBaselines(): Promise<{ name: string; result: RunResult }[]> {
    let files: string[];
    try {
      files = (await readdir(this.baselinesDir())).filter((f) => f.endsWith('.json')).sort();
    } catch {
      return [];
    }
    return Promise.all(files.map(async (f) => ({ name: f.slice(0, -5), result: await readResult(join(this.baselinesDir(), f)) })));
  }
}

export async function readResult(file: string): Promise<RunResult> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw usageError('BAD_RESULT', `result file ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `not valid JSON (${(error as Error).message})`}`);
  }
  const parsed = RunResult.safeParse(raw);
  if (!parsed.success) throw usageError('BAD_RESULT', `result file ${file}: ${formatZodIssue(parsed.error)}; expected a perfgate result.json (schemaVersion 1)`);
  return parsed.data;
}
