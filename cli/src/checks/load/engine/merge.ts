import * as hdr from 'hdr-histogram-js';
import { newLatencyHistogram } from '../hdr.ts';
import type { ThreadRecord } from './recorder.ts';

export interface Bucket {
  histogram: hdr.Histogram;
  responses: number;
  failures: number;
}

/** All threads' records of one window, merged: histograms added, counters summed. */
export interface WindowRecord extends Omit<ThreadRecord, 'histogram' | 'stages' | 'timeline' | 'busy'> {
  histogram: hdr.Histogram;
  stages: Bucket[];
  timeline: Bucket[];
  /** The busiest thread's event-loop utilisation. */
  busy: number;
  threads: number;
}

const decode = (base64: string) => {
  const into = newLatencyHistogram();
  into.add(hdr.decodeFromCompressedBase64(base64, 32, false));
  return into;
};

function mergeBuckets(lists: { histogram: string; responses: number; failures: number }[][]): Bucket[] {
  const length = Math.max(0, ...lists.map((l) => l.length));
  return Array.from({ length }, (_, i) => {
    const bucket: Bucket = { histogram: newLatencyHistogram(), responses: 0, failures: 0 };
    for (const list of lists) {
      const b = list[i];
      if (!b) continue;
      if (b.responses > 0) bucket.histogram.add(decode(b.histogram));
      bucket.responses += b.responses;
      bucket.failures += b.failures;
    }
    return bucket;
  });
}

function addCounts(into: Record<string, number>, from: Record<string, number>): void {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
}

export function mergeRecords(records: ThreadRecord[]): WindowRecord {
  const histogram = newLatencyHistogram();
  const statusCodes: Record<string, number> = {};
  const failureKinds: Record<string, number> = {};
  let firstError: string | undefined;
  const sum = (pick: (r: ThreadRecord) => number) => records.reduce((total, r) => total + pick(r), 0);
  for (const r of records) {
    if (r.responses > 0) histogram.add(decode(r.histogram));
    addCounts(statusCodes, r.statusCodes);
    addCounts(failureKinds, r.failureKinds);
    firstError ??= r.firstError;
  }
  return {
    histogram,
    responses: sum((r) => r.responses),
    sent: sum((r) => r.sent),
    failures: sum((r) => r.failures),
    errors: sum((r) => r.errors),
    statusCodes,
    failureKinds,
    ...(firstError !== undefined ? { firstError } : {}),
    scheduled: sum((r) => r.scheduled),
    lateOver1ms: sum((r) => r.lateOver1ms),
    lateOverLimit: sum((r) => r.lateOverLimit),
    queued: sum((r) => r.queued),
    cpuMicros: sum((r) => r.cpuMicros),
    heapBytes: sum((r) => r.heapBytes),
    busy: Math.max(0, ...records.map((r) => r.busy)),
    threads: records.length,
    stages: mergeBuckets(records.map((r) => r.stages)),
    timeline: mergeBuckets(records.map((r) => r.timeline)),
  };
}
