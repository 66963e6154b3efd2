import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { parseDocument } from 'yaml';
import { usageError } from './errors.ts';

const CODE_EXTENSIONS = ['.ts', '.mts', '.js', '.mjs'];

/** Budgets, scenarios, configs and query sets are a few kilobytes: anything this large is not one. */
export const MAX_INPUT_BYTES = 16 * 1024 * 1024;

/** Loaded values nested deeper than this are junk (or a cycle), not a budget or a scenario. */
export const MAX_DEPTH = 100;
/** …and a list or an object with more entries than this is one too. */
export const MAX_ITEMS = 100_000;

export interface LoadOptions {
  /** Seconds a module may take to load, top-level awaits included. */
  loadTimeoutS?: number;
  /** Seconds a default export that is a promise may take to settle. */
  exportTimeoutS?: number;
}

export const LOAD_TIMEOUT_S = 60;
export const EXPORT_TIMEOUT_S = 10;

/**
 * Loads a config-like file: TypeScript/JavaScript (default export), YAML or JSON, and returns plain data
 * (functions kept) that is safe to validate. Any problem becomes a one-line UsageError naming the file.
 */
export async function loadConfigFile(file: string, what: string, options: LoadOptions = {}): Promise<unknown> {
  const path = resolve(file);
  const ext = extname(path).toLowerCase();
  const label = `${what} file ${file}`;
  if (!CODE_EXTENSIONS.includes(ext) && !['.yaml', '.yml', '.json'].includes(ext)) {
    throw usageError('BAD_FILE', `${label}: unsupported extension "${ext}"; expected .ts, .js, .yaml, .yml or .json`);
  }
  let text: string;
  try {
    text = await readRegularFile(path);
  } catch (error) {
    throw usageError('BAD_FILE', `${label}: ${(error as Error).message}`);
  }
  const loaded = CODE_EXTENSIONS.includes(ext) ? await importDefault(path, label, options) : ext === '.json' ? parseJson(text, label) : parseYaml(text, label);
  return plainData(loaded, label);
}

/**
 * Reads a text file that must be a regular file: a named pipe, a device or a socket would block the read
 * forever (or never end), so it is refused before anything is read. Opened non-blocking and checked on the
 * open descriptor, so the answer is about the file actually read. Throws an Error whose message says what is
 * wrong, for the caller to prefix with the file's name.
 */
export async function readRegularFile(path: string, maxBytes = MAX_INPUT_BYTES): Promise<string> {
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw new Error(describeFsError(error));
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw new Error('is a directory, expected a file');
    if (!info.isFile()) throw new Error(`is not a regular file (${describeKind(info)}); expected a file`);
    // The size stat gives is not trusted (files under /proc say 0): read in chunks, up to the limit.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(64 * 1024);
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > maxBytes) throw new Error(`is larger than ${formatBytes(maxBytes)}; expected a small text file`);
      chunks.push(chunk.subarray(0, bytesRead));
    }
    return Buffer.concat(chunks)
      .toString('utf8')
      .replace(/^\uFEFF/, '');
  } catch (error) {
    throw new Error((error as NodeJS.ErrnoException).code ? describeFsError(error) : (error as Error).message);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** JSON.parse, not a YAML parser: `{"a": 1,}` is not JSON. Errors name the line and column. */
function parseJson(text: string, label: string): unknown {
  if (text.trim() === '') throw usageError('BAD_FILE', `${label}: is empty; expected a JSON object`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw usageError('BAD_FILE', `${label}: not valid JSON (${describeJsonError(text, (error as Error).message)})`);
  }
  const duplicate = duplicateJsonKey(text);
  if (duplicate) throw usageError('BAD_FILE', `${label}: not valid JSON (${duplicate})`);
  return value;
}

/** "Expected ',' or ']' after array element in JSON at position 4" becomes "line 1, column 5: Expected ',' or ']' after array element". */
function describeJsonError(text: string, message: string): string {
  const at = /^(.*?) (?:in|after) JSON at position (\d+)/s.exec(message);
  if (at) return `${linePosition(text, Number(at[2]))}: ${at[1]}`;
  if (/^Unexpected end of JSON input/.test(message)) return `${linePosition(text, text.length)}: unexpected end of the file`;
  // `Unexpected token 'x', "…snippet…" is not valid JSON` names no position: the snippet is dropped, the position found.
  const token = /^(Unexpected token .*?), (?:\.\.\.)?".*"(?:\.\.\.)? is not valid JSON$/s.exec(message)?.[1] ?? message.split('\n')[0]!;
  const offset = jsonErrorOffset(text);
  return offset === undefined ? token : `${linePosition(text, offset)}: ${token}`;
}

/**
 * Where JSON.parse fails, when its message does not say: JSON is read left to right, so every prefix that stops
 * short of the bad character parses or fails only at its own end, and every longer one fails at that character.
 */
function jsonErrorOffset(text: string): number | undefined {
  const failsBefore = (length: number): boolean => {
    try {
      JSON.parse(text.slice(0, length));
      return false;
    } catch (error) {
      const message = (error as Error).message;
      if (/^Unexpected end of JSON input/.test(message)) return false;
      const position = / JSON at position (\d+)/.exec(message)?.[1];
      return position === undefined || Number(position) < length;
    }
  };
  if (!failsBefore(text.length)) return undefined;
  let low = 0;
  let high = text.length;
  // The shortest prefix that fails other than by ending early ends with the bad character.
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (failsBefore(middle)) high = middle;
    else low = middle + 1;
  }
  return Math.max(0, low - 1);
}

function linePosition(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return `line ${line}, column ${column}`;
}

/**
 * JSON.parse keeps the last of two equal keys without a word, so a value the user wrote may silently not count.
 * YAML's parser (JSON is YAML) finds them; only that kind of problem is taken from it.
 */
function duplicateJsonKey(text: string): string | undefined {
  let duplicate;
  try {
    duplicate = parseDocument(text, { uniqueKeys: true, prettyErrors: true }).errors.find((e) => e.code === 'DUPLICATE_KEY');
  } catch {
    return undefined;
  }
  if (!duplicate) return undefined;
  const key = /^"(?:[^"\\]|\\.)*"/.exec(text.slice(duplicate.pos[0]))?.[0];
  const position = duplicate.linePos ? `line ${duplicate.linePos[0].line}, column ${duplicate.linePos[0].col}: ` : '';
  return `${position}${key ? `key ${key}` : 'a key'} given twice; expected each key once`;
}

/** YAML errors and warnings (an unknown `!tag`) both fail the file: it is not what the user meant. */
function parseYaml(text: string, label: string): unknown {
  let doc;
  let value: unknown;
  try {
    doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true, logLevel: 'silent' });
    const problem = doc.errors[0] ?? doc.warnings[0];
    if (problem) throw problem;
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // prettyErrors: "Map keys must be unique at line 2, column 1:\n\n<the source>": the first line says it.
    const message = ((error as Error)?.message ?? String(error)).split('\n')[0]!.replace(/:$/, '');
    throw usageError('BAD_FILE', `${label}: not valid YAML (${message})`);
  }
  if (doc.contents === null) throw usageError('BAD_FILE', `${label}: is empty (or only comments); expected a YAML mapping`);
  return value;
}

async function importDefault(path: string, label: string, options: LoadOptions): Promise<unknown> {
  const loadTimeoutS = options.loadTimeoutS ?? LOAD_TIMEOUT_S;
  const exportTimeoutS = options.exportTimeoutS ?? EXPORT_TIMEOUT_S;
  let value: unknown;
  try {
    // tsImport, not import(): a .ts file outside any "type": "module" package is compiled to CommonJS,
    // which the globally registered tsx loader cannot require() from ESM ("Cannot require() ES Module … in a cycle").
    const module = (await within(
      tsImport(pathToFileURL(path).href, import.meta.url),
      loadTimeoutS,
      `${label}: did not finish loading within ${loadTimeoutS} s (a top-level await that never settles?)`,
    )) as {
      default?: unknown;
    };
    value = unwrapCommonJsDefault(module.default);
    // Awaited here so that a rejected `export default Promise.reject(…)` is reported with the file's name; bounded,
    // since a promise that never settles would otherwise leave Node nothing to wait on (it exits 13, silently).
    value = await within(Promise.resolve(value), exportTimeoutS, `${label}: default export did not resolve within ${exportTimeoutS} s`);
  } catch (error) {
    if (error instanceof TimeoutError) throw usageError('BAD_FILE', error.message);
    throw usageError('BAD_FILE', `${label}: could not load it (${describeLoadError(error)})`);
  }
  if (value === undefined) throw usageError('BAD_FILE', `${label}: expected a default export`);
  return value;
}

class TimeoutError extends Error {}

/** The promise, or a TimeoutError after `seconds`; the timer keeps the process alive while it waits. */
function within<T>(promise: Promise<T>, seconds: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(message)), seconds * 1000);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A file compiled to CommonJS arrives as `{ default: module.exports }`, with the real export one level down. */
function unwrapCommonJsDefault(value: unknown): unknown {
  const exports = value as { __esModule?: boolean; default?: unknown } | null | undefined;
  return exports?.__esModule ? exports.default : value;
}

/**
 * A copy of a loaded value made of plain objects, arrays, primitives and functions, read once here: a getter
 * or a Proxy trap that throws, a cycle or absurd nesting is reported with its place in the file, rather than
 * surfacing from deep inside validation as an unexpected error. Functions (setup, params, computed headers)
 * are kept as they are; Dates too. Shared references stay shared.
 */
export function plainData(value: unknown, label: string): unknown {
  const copies = new Map<object, unknown>();
  const inProgress = new Set<object>();
  const fail = (path: (string | number)[], problem: string): never => {
    // Deep inside junk, the first levels say where it is; the hundred after them say nothing more.
    const where = path.length > 12 ? `${formatPath(path.slice(0, 10))}…` : formatPath(path);
    throw usageError('BAD_FILE', `${label}: ${where}: ${problem}`);
  };
  const copy = (node: unknown, path: (string | number)[]): unknown => {
    if (node === null || (typeof node !== 'object' && typeof node !== 'function')) return node;
    if (typeof node === 'function') return node;
    if (path.length > MAX_DEPTH) fail(path, `nested more than ${MAX_DEPTH} levels deep`);
    if (inProgress.has(node)) fail(path, 'refers back to itself (a cycle); expected plain data');
    if (copies.has(node)) return copies.get(node);
    inProgress.add(node);
    try {
      let kind: 'array' | 'date' | 'object';
      let length = 0;
      let keys: string[] = [];
      try {
        kind = Array.isArray(node) ? 'array' : node instanceof Date ? 'date' : 'object';
        if (kind === 'array') length = (node as unknown[]).length;
        if (kind === 'object') keys = Object.keys(node);
      } catch (error) {
        return fail(path, `could not be read (${describeLoadError(error)})`);
      }
      let result: unknown;
      if (kind === 'date') result = node;
      else if (kind === 'array') {
        if (length > MAX_ITEMS) fail(path, `has ${length.toLocaleString('en-US')} items; expected at most ${MAX_ITEMS.toLocaleString('en-US')}`);
        const out: unknown[] = [];
        for (let i = 0; i < length; i++) out.push(copy(read(node, i, [...path, i]), [...path, i]));
        result = out;
      } else {
        if (keys.length > MAX_ITEMS) fail(path, `has ${keys.length.toLocaleString('en-US')} keys; expected at most ${MAX_ITEMS.toLocaleString('en-US')}`);
        const out: Record<string, unknown> = {};
        for (const key of keys) {
          // defineProperty: a key named __proto__ stays a key, as JSON.parse and YAML make it.
          Object.defineProperty(out, key, { value: copy(read(node, key, [...path, key]), [...path, key]), enumerable: true, writable: true, configurable: true });
        }
        result = out;
      }
      copies.set(node, result);
      return result;
    } finally {
      inProgress.delete(node);
    }
  };
  const read = (node: object, key: string | number, path: (string | number)[]): unknown => {
    try {
      return (node as Record<string | number, unknown>)[key];
    } catch (error) {
      return fail(path, `could not be read (${describeLoadError(error)})`);
    }
  };
  return copy(value, []);
}

/** `['rules', 0, 'max']` as `rules[0].max`, as the schema errors name paths; the root is `(root)`. */
function formatPath(path: (string | number)[]): string {
  if (path.length === 0) return '(root)';
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');
}

/** esbuild's "Transform failed with 1 error:\n/path/file.ts:3:11: ERROR: Unexpected ")"" becomes `line 3: Unexpected ")"`. */
function describeLoadError(error: unknown): string {
  let message: string;
  try {
    message = error instanceof Error ? error.message : String(error);
  } catch {
    message = 'an unprintable value was thrown';
  }
  const syntax = /:(\d+):\d+: ERROR: (.+)/.exec(message);
  if (syntax) return `line ${syntax[1]}: ${syntax[2]}`;
  return message.split('\n')[0] ?? message;
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'does not exist';
  if (code === 'EISDIR') return 'is a directory, expected a file';
  if (code === 'EACCES' || code === 'EPERM') return 'cannot be read (permission denied)';
  if (code === 'ENOTDIR') return 'does not exist (a parent is a file)';
  if (code === 'ELOOP') return 'cannot be read (too many levels of symbolic links)';
  if (code === 'ENAMETOOLONG') return 'cannot be read (the name is too long)';
  if (code === 'ENXIO') return 'is not a regular file (a socket or a device with nothing behind it); expected a file';
  return (error as Error).message.split('\n')[0]!;
}

function describeKind(info: { isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean }): string {
  if (info.isFIFO()) return 'a named pipe';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isSocket()) return 'a socket';
  return 'not a file';
}

function formatBytes(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024)} MB`;
}
