import { sleep, until } from './eventually.ts';

// What a driver could leave behind after close(): sockets (Redis connections) and timers (retries, reconnects).
const LEAKABLE = new Set(['TCPSocketWrap', 'Timeout', 'Immediate']);

/** Open sockets and timers of this process, as Node counts them. */
export function openHandles(): number {
  return process.getActiveResourcesInfo().filter((kind) => LEAKABLE.has(kind)).length;
}

/**
 * The fewest open sockets and timers seen over a short while: the test runner's own come and go (a timer per
 * message to its main process), and a baseline that caught one of them would let a leak of one pass unseen.
 */
export async function handlesAtRest(): Promise<number> {
  let fewest = openHandles();
  for (let i = 0; i < 10; i++) {
    await sleep(10);
    fewest = Math.min(fewest, openHandles());
  }
  return fewest;
}

/** Waits until no more sockets and timers are open than `baseline`; sockets close a moment after QUIT is answered. */
export async function handlesBackTo(baseline: number, timeoutMs = 3_000): Promise<void> {
  await until(() => openHandles() <= baseline, `open sockets and timers back to ${baseline} (now ${openHandles()})`, timeoutMs);
}
