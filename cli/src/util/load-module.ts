import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { parse as parseYaml } from 'yaml';
import { usageError } from './errors.ts';

const CODE_EXTENSIONS = ['.ts', '.mts', '.js', '.mjs'];

/**
 * Loads a config-like file: TypeScript/JavaScript (default export) or YAML/JSON.
 * Any problem becomes a one-line UsageError naming the file.
 */
export async function loadConfigFile(file: string, what: string): Promise<unknown> {
  const path = resolve(file);
  const ext = extname(path).toLowerCase();
  if (!CODE_EXTENSIONS.includes(ext) && !['.yaml', '.yml', '.json'].includes(ext)) {
    throw usageError('BAD_FILE', `${what} file ${file}: unsupported extension "${ext}"; expected .ts, .js, .yaml, .yml or .json`);
  }
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw usageError('BAD_FILE', `${what} file ${file}: ${describeFsError(error)}`);
  }
  if (CODE_EXTENSIONS.includes(ext)) return importDefault(path, file, what);
  try {
    return parseYaml(text, { prettyErrors: false });
  } catch (error) {
    const message = (error as Error).message.split('\n')[0];
    throw usageError('BAD_FILE', `${what} file ${file}: not valid ${ext === '.json' ? 'JSON' : 'YAML'} (${message})`);
  }
}

async function importDefault(path: string, file: string, what: string): Promise<unknown> {
  let value: unknown;
  try {
    // tsImport, not import(): a .ts file outside any "type": "module" package is compiled to CommonJS,
    // which the globally registered tsx loader cannot require() from ESM ("Cannot require() ES Module … in a cycle").
    const module = (await tsImport(pathToFileURL(path).href, import.meta.url)) as { default?: unknown };
    value = unwrapCommonJsDefault(module.default);
    // Awaited here so that a rejected `export default Promise.reject(…)` is reported with the file's name.
    value = await value;
  } catch (error) {
    throw usageError('BAD_FILE', `${what} file ${file}: could not load it (${describeLoadError(error)})`);
  }
  if (value === undefined) throw usageError('BAD_FILE', `${what} file ${file}: expected a default export`);
  return value;
}

/** A file compiled to CommonJS arrives as `{ default: module.exports }`, with the real export one level down. */
function unwrapCommonJsDefault(value: unknown): unknown {
  const exports = value as { __esModule?: boolean; default?: unknown } | null | undefined;
  return exports?.__esModule ? exports.default : value;
}

/** esbuild's "Transform failed with 1 error:\n/path/file.ts:3:11: ERROR: Unexpected ")"" becomes `line 3: Unexpected ")"`. */
function describeLoadError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const syntax = /:(\d+):\d+: ERROR: (.+)/.exec(message);
  if (syntax) return `line ${syntax[1]}: ${syntax[2]}`;
  return message.split('\n')[0] ?? message;
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'does not exist';
  if (code === 'EISDIR') return 'is a directory, expected a file';
  if (code === 'EACCES') return 'cannot be read (permission denied)';
  return (error as Error).message;
}
