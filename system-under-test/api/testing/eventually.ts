/**
 * Polls until `condition` holds; throws (naming `what`) after `timeoutMs`. Tests wait for effects this way
 * instead of sleeping a guessed time, which is both slow and flaky on a busy machine.
 */
export async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(10);
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
