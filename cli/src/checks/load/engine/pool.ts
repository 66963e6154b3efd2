import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { runError } from '../../../util/errors.ts';
import { drive } from './drive.ts';
import type { GeneratorJob } from './job.ts';
import { mergeRecords, type WindowRecord } from './merge.ts';
import type { ThreadRecord } from './recorder.ts';
import type { RequestSource } from './request-source.ts';
import type { Scenario } from '../scenario.ts';
import { driveUsers, type UsersRecord } from '../users/drive-users.ts';

/** A wall-clock instant just ahead, for threads to start together. */
const startAt = () => performance.timeOrigin + performance.now() + 50;

/** Threads by default: all cores but one (left to the target when it shares the machine), at most 4, at least 1. */
export function defaultThreads(): number {
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}

type Reply = { ready: true } | { id: number; record: ThreadRecord | UsersRecord } | { id: number; error: string };

/** A flows window, merged across threads: per subject, plus the users the threads hold. */
export interface UsersWindow {
  subjects: Map<string, WindowRecord>;
  users: number;
  sockets: number;
}

/**
 * Generator threads, kept for a whole check: each window's job is split between them (connections and rate),
 * they start together at a wall-clock instant, and their records are merged. With no threads (a scenario whose
 * functions live only in memory), the job runs on the main thread.
 */
export class GeneratorPool {
  private readonly workers: Worker[] = [];
  private readonly waiting = new Map<number, { resolve: (r: ThreadRecord | UsersRecord) => void; reject: (e: Error) => void }>();
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
    if (local || this.threads === 0) {
      if (!local) throw runError('load generator: no threads and no local request source');
      return mergeRecords([await drive({ ...job, share: { index: 0, of: 1 }, startAtEpochMs: startAt() }, local, signal)]);
    }
    return mergeRecords((await this.onEveryThread(job, signal)) as ThreadRecord[]);
  }

  /** Runs a flows window on every thread (or on this one, for a scenario held only in memory) and merges per subject. */
  async runUsers(job: Omit<GeneratorJob, 'share' | 'startAtEpochMs'>, signal: AbortSignal, local?: Scenario): Promise<UsersWindow> {
    const records =
      local || this.threads === 0
        ? [await driveUsers({ ...job, share: { index: 0, of: 1 }, startAtEpochMs: startAt() }, local!, signal)]
        : ((await this.onEveryThread(job, signal)) as UsersRecord[]);
    const subjects = new Map<string, WindowRecord>();
    for (const subject of new Set(records.flatMap((r) => Object.keys(r.subjects)))) {
      subjects.set(subject, mergeRecords(records.flatMap((r) => (r.subjects[subject] ? [r.subjects[subject]] : []))));
    }
    return { subjects, users: records.reduce((n, r) => n + r.users, 0), sockets: records.reduce((n, r) => n + r.sockets, 0) };
  }

  private async onEveryThread(job: Omit<GeneratorJob, 'share' | 'startAtEpochMs'>, signal: AbortSignal): Promise<(ThreadRecord | UsersRecord)[]> {
    const startAtEpochMs = startAt();
    const stop = () => this.workers.forEach((w) => w.postMessage({ stop: true }));
    signal.addEventListener('abort', stop, { once: true });
    try {
      return await Promise.all(
        this.workers.map((worker, index) => {
          const id = this.nextId++;
          const done = new Promise<ThreadRecord | UsersRecord>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
          worker.postMessage({ id, job: { ...job, share: { index, of: this.threads }, startAtEpochMs } });
          return done;
        }),
      );
    } finally {
      signal.removeEventListener('abort', stop);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers.length = 0;
  }
}
