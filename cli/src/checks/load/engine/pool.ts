import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { runError } from '../../../util/errors.ts';
import { drive, endpointOf } from './drive.ts';
import type { GeneratorJob } from './job.ts';
import { mergeRecords, type WindowRecord } from './merge.ts';
import type { ThreadRecord } from './recorder.ts';
import type { RequestSource } from './request-source.ts';

/** Threads by default: all cores but one (left to the target when it shares the machine), at most 4, at least 1. */
export function defaultThreads(): number {
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}

type Reply = { ready: true } | { id: number; record: ThreadRecord } | { id: number; error: string };

/**
 * Generator threads, kept for a whole check: each window's job is split between them (connections and rate),
 * they start together at a wall-clock instant, and their records are merged. With no threads (a scenario whose
 * functions live only in memory), the job runs on the main thread.
 */
export class GeneratorPool {
  private readonly workers: Worker[] = [];
  private readonly waiting = new Map<number, { resolve: (r: ThreadRecord) => void; reject: (e: Error) => void }>();
  private nextId = 0;

  private constructor(private readonly threads: number) {}

  static async start(threads: number): Promise<GeneratorPool> {
    const pool = new GeneratorPool(threads);
    await Promise.all(Array.from({ length: threads }, () => pool.spawn()));
    return pool;
  }

  get size(): number {
    return this.threads;
  }

  private spawn(): Promise<void> {
    // A young generation this size makes scavenges rare: each one is a pause in which sends fall behind schedule.
    const worker = new Worker(new URL('./worker-entry.mjs', import.meta.url), { resourceLimits: { maxYoungGenerationSizeMb: 64 } });
    worker.unref();
    this.workers.push(worker);
    return new Promise((resolve, reject) => {
      worker.on('message', (reply: Reply) => {
        if ('ready' in reply) return resolve();
        const waiter = this.waiting.get(reply.id);
        this.waiting.delete(reply.id);
        if ('error' in reply) waiter?.reject(runError(`load generator: ${reply.error}`));
        else waiter?.resolve(reply.record);
      });
      worker.on('error', (error) => {
        reject(error);
        for (const w of this.waiting.values()) w.reject(runError(`load generator thread failed: ${error.message}`));
        this.waiting.clear();
      });
    });
  }

  /** Runs the job on every thread (or on this one, with `local` as its requests) and merges what they recorded. */
  async run(job: Omit<GeneratorJob, 'share' | 'startAtEpochMs'>, signal: AbortSignal, local?: RequestSource): Promise<WindowRecord> {
    endpointOf(job.url);
    const startAtEpochMs = performance.timeOrigin + performance.now() + 50;
    if (local || this.threads === 0) {
      if (!local) throw runError('load generator: no threads and no local request source');
      return mergeRecords([await drive({ ...job, share: { index: 0, of: 1 }, startAtEpochMs }, local, signal)]);
    }
    const stop = () => this.workers.forEach((w) => w.postMessage({ stop: true }));
    signal.addEventListener('abort', stop, { once: true });
    try {
      const records = await Promise.all(
        this.workers.map((worker, index) => {
          const id = this.nextId++;
          const done = new Promise<ThreadRecord>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
          worker.postMessage({ id, job: { ...job, share: { index, of: this.threads }, startAtEpochMs } });
          return done;
        }),
      );
      return mergeRecords(records);
    } finally {
      signal.removeEventListener('abort', stop);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers.length = 0;
  }
}
