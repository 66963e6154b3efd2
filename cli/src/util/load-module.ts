import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { UsageError } from './errors.ts';

/**
 * Loads a config-like file: TypeScript/JavaScript (default export) or YAML/JSON.
 * Any problem becomes a one-line UsageError naming the file.
 */
export async function loadConfigFile(file: string, what: string): Promise<unknown> {
  const path = resolve(file);
  const ext = extname(path).toLowerCase();
  let text: string;
  try {
    text = ext === '.ts' || ext === '.js' || ext === '.mjs' || ext === '.mts' ? '' : await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`${what} file ${file}: ${describeFsError(error)}`);
  }
  if (ext === '.yaml' || ext === '.yml' || ext === '.json') {
    try {
      return parseYaml(text, { prettyErrors: false });
    } catch (error) {
      const message = (error as Error).message.split('\n')[0];
      throw new UsageError(`${what} file ${file}: not valid ${ext === '.json' ? 'JSON' : 'YAML'} (${message})`);
    }
  }
  if (ext === '.ts' || ext === '.js' || ext === '.mjs' || ext === '.mts') {
    try {
      await readFile(path);
    } catch (error) {
      throw new UsageError(`${what} file ${file}: ${describeFsError(error)}`);
    }
    try {
      const module = (await import(pathToFileURL(path).href)) as { default?: unknown };
      if (module.default === undefined) throw new UsageError(`${what} file ${file}: expected a default export`);
      return module.default;
    } catch (error) {
      if (error instanceof UsageError) throw error;
      const message = (error as Error).message.split('\n')[0];
      throw new UsageError(`${what} file ${file}: could not load it (${message})`);
    }
  }
  throw new UsageError(`${what} file ${file}: unsupported extension "${ext}"; expected .ts, .js, .yaml, .yml or .json`);
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'does not exist';
  if (code === 'EISDIR') return 'is a directory, expected a file';
  if (code === 'EACCES') return 'cannot be read (permission denied)';
  return (error as Error).message;
}
