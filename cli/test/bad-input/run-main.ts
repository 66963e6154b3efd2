import { main } from '../../src/main.ts';

export interface MainResult {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * Runs `perfgate ARGS` in this process, as cli/bin/perfgate.js does, with stdout and stderr captured:
 * thousands of bad inputs are tried in seconds rather than in thousands of processes. The exit code is
 * what main returns; process.exitCode, which `run` sets, is left as it was found.
 */
export async function runMain(args: string[], timeoutMs = 5000): Promise<MainResult> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const capture = (into: string[]) =>
    ((chunk: string | Uint8Array, encoding?: unknown, callback?: unknown) => {
      into.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      const done = typeof encoding === 'function' ? encoding : callback;
      if (typeof done === 'function') done();
      return true;
    }) as typeof process.stdout.write;
  const writeOut = process.stdout.write;
  const writeErr = process.stderr.write;
  const exitCode = process.exitCode;
  process.stdout.write = capture(stdout);
  process.stderr.write = capture(stderr);
  process.exitCode = undefined;
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`perfgate ${JSON.stringify(args)} did not finish within ${timeoutMs} ms`)), timeoutMs);
    });
    const code = await Promise.race([main(['node', 'perfgate', ...args]), timeout]);
    return { code, stdout: stdout.join(''), stderr: stderr.join(''), ms: performance.now() - started };
  } finally {
    clearTimeout(timer);
    process.stdout.write = writeOut;
    process.stderr.write = writeErr;
    process.exitCode = exitCode;
  }
}
