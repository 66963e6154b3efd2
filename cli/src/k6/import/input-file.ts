import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { usageError, type PerfgateError } from '../../util/errors.ts';

/** What every import error ends with: the files perfgate reads. */
export const EXPECTED_FILES = 'expected k6 output: a --summary-export JSON, handleSummary() data JSON, or --out json points (NDJSON, gzipped or not)';

/** A problem with one input file, as one line naming it (exit 2). */
export function inputError(file: string, problem: string): PerfgateError {
  return usageError('BAD_FILE', `k6 file ${file}: ${problem}`);
}

/** The file's bytes as a stream, gunzipped when it is gzip (k6 writes `--out json=points.gz` that way). */
async function openInput(file: string): Promise<Readable> {
  let info;
  try {
    info = await stat(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw inputError(file, code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'cannot be read (permission denied)' : (error as Error).message);
  }
  if (!info.isFile()) throw inputError(file, `is not a regular file; ${EXPECTED_FILES}`);
  const stream = createReadStream(file);
  return (await isGzip(file)) ? stream.pipe(createGunzip()) : stream;
}

async function isGzip(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/**
 * The file's lines, one at a time however large it is (a runner's points run to gigabytes). A gzip stream that
 * ends early or is corrupt becomes a one-line error naming the file.
 */
export async function* linesOf(file: string): AsyncGenerator<string> {
  const input = await openInput(file);
  const failed = new Promise<never>((_, reject) => input.once('error', (error) => reject(streamError(file, error))));
  failed.catch(() => undefined);
  const lines = createInterface({ input, crlfDelay: Infinity })[Symbol.asyncIterator]();
  try {
    for (;;) {
      const next = await Promise.race([lines.next(), failed]);
      if (next.done) break;
      yield next.value;
    }
  } finally {
    input.destroy();
  }
}

function streamError(file: string, error: Error): PerfgateError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(error.message))
    return inputError(file, 'its gzip stream ends early (was the file cut short?); expected a whole gzip file');
  if (code?.startsWith('Z_')) return inputError(file, `is not valid gzip (${error.message})`);
  return inputError(file, error.message);
}
