import { execFile, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { runError } from '../../util/errors.ts';

/** k6's exit code when the test ran but a threshold was crossed: perfgate judges the run all the same. */
const THRESHOLDS_CROSSED = 99;

/**
 * Runs k6 to the end, its output passed on line by line (its end-of-test summary included: stdout is perfgate's
 * verdict). A k6 that failed to run the test is a check that could not run (exit 3), with k6's last words.
 */
export async function runK6(binary: string, args: readonly string[], log: (line: string) => void, signal?: AbortSignal): Promise<void> {
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], ...(signal ? { signal } : {}) });
  let last = '';
  const forward = (stream: NodeJS.ReadableStream) =>
    createInterface({ input: stream }).on('line', (line) => {
      if (line.trim()) last = line.trim();
      log(`  k6: ${line}`);
    });
  forward(child.stdout);
  forward(child.stderr);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (exitCode) => resolve(exitCode));
  }).catch((error: Error) => {
    throw runError(`k6 run: ${binary} could not be started (${error.message})`);
  });
  if (code !== 0 && code !== THRESHOLDS_CROSSED) throw runError(`k6 run: k6 exited with code ${code ?? 'none (killed)'}${last ? `: ${last}` : ''}`);
}

/** `k6 version` → `v0.52.0`, recorded with the run's engines; undefined when k6 does not say. */
export async function k6Version(binary: string): Promise<string | undefined> {
  try {
    const { stdout } = await promisify(execFile)(binary, ['version'], { timeout: 10_000 });
    return /v\d+\.\d+\.\d+\S*/.exec(stdout)?.[0];
  } catch {
    return undefined;
  }
}
