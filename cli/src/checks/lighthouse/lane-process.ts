import { runLane, type LanePlan } from './lane.ts';
import type { LaneMessage } from './lanes.ts';

// One lane in a process of its own (see runLanes): receives its plan, reports each run, exits when done.
// SIGTERM or losing the parent aborts: the browser is closed on the way out, never left behind.

const controller = new AbortController();
const send = (message: LaneMessage) => new Promise<void>((resolve) => process.send!(message, () => resolve()));
process.on('SIGTERM', () => controller.abort());
process.on('disconnect', () => controller.abort());

process.once('message', (plan: LanePlan) => {
  const pending: Promise<void>[] = [];
  void runLane(
    plan,
    (run) => void pending.push(send({ type: 'run', run })),
    (line) => void pending.push(send({ type: 'log', line })),
    controller.signal,
  )
    .then(
      () => ({ type: 'done' }) as const,
      (error: unknown) => ({ type: 'error', message: (error as Error).message.split('\n')[0]! }) as const,
    )
    .then(async (last) => {
      await Promise.all(pending);
      if (process.connected) await send(last);
      process.exit(0);
    });
});
