// A/A: the same commit judged against itself. Every claimed change is a false alarm.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { oncePerMeasurement, type RunResult } from '../../cli/src/model/index.ts';
import { median } from '../../cli/src/util/descriptive.ts';
import { claims, perfgate, saveBaseline, type Claim } from './perfgate.ts';
import { createPgbenchDb } from './pgbench-db.ts';

export interface AaOptions {
  pairs: number;
  rounds: number;
  /** Extra flags for the PayPass gate (e.g. a shorter --duration on a busy machine). */
  gateFlags: string[];
  pgbenchScale: number;
  log: (line: string) => void;
}

export interface AaTarget {
  target: string;
  pairs: number;
  /** Measurements compared per pair, per check. */
  compared: Record<string, number>;
  falseClaims: Claim[];
  /**
   * Per metric family (`load latency.p95`): the smallest relative change a claim needs at these settings — the
   * tolerance it must clear (raised to the noise floor) plus the half-width of the interval A/A pairs showed here.
   * The median over the family's measurements.
   */
  minimumDetectableEffect: Record<string, number>;
}

export async function runAa(o: AaOptions): Promise<AaTarget[]> {
  const out: AaTarget[] = [];
  const paypassOut = mkdtempSync(join(tmpdir(), 'perfgate-aa-'));
  const gate = ['run', '--rounds', String(o.rounds), '--out', paypassOut, ...o.gateFlags];
  out.push(
    await pairs(
      'PayPass default gate (re-seeded each run)',
      o,
      async (baseline) => (await perfgate(baseline ? [...gate, '--baseline', 'aa'] : gate, {}, o.log)).result,
      paypassOut,
    ),
  );

  const dir = mkdtempSync(join(tmpdir(), 'perfgate-aa-pgbench-'));
  o.log(`pgbench: building scale ${o.pgbenchScale}`);
  const db = await createPgbenchDb(dir, o.pgbenchScale);
  try {
    const explain = ['run', '--database-url', db.url, '--queries', db.queries, '--only', 'explain', '--out', dir];
    out.push(
      await pairs(
        `pgbench scale ${o.pgbenchScale}, explain`,
        o,
        async (baseline) => (await perfgate(baseline ? [...explain, '--baseline', 'aa'] : explain, {}, o.log)).result,
        dir,
      ),
    );
  } finally {
    await db.drop();
  }
  return out;
}

async function pairs(target: string, o: AaOptions, runOnce: (againstBaseline: boolean) => Promise<RunResult>, outDir: string): Promise<AaTarget> {
  const falseClaims: Claim[] = [];
  const compared: Record<string, number> = {};
  const effects = new Map<string, number[]>();
  for (let i = 1; i <= o.pairs; i++) {
    o.log(`A/A ${target}: pair ${i}/${o.pairs}`);
    await runOnce(false);
    await saveBaseline(outDir, 'aa');
    const head = await runOnce(true);
    for (const v of head.verdicts) if (v.baseline) compared[v.check] = (compared[v.check] ?? 0) + 1 / o.pairs;
    for (const v of oncePerMeasurement(head.verdicts)) {
      const b = v.baseline;
      if (!b) continue;
      const family = `${v.check} ${v.metric}`;
      effects.set(family, [...(effects.get(family) ?? []), b.tolerance + (b.ci ? (b.ci[1] - b.ci[0]) / 2 : 0)]);
    }
    const found = claims(head);
    for (const c of found) o.log(`  FALSE CLAIM: ${c.check} ${c.metric} ${c.subject} ${c.change} ${(c.delta * 100).toFixed(1)}%`);
    falseClaims.push(...found);
  }
  const minimumDetectableEffect = Object.fromEntries([...effects].map(([family, xs]) => [family, median(xs)]));
  return { target, pairs: o.pairs, compared: Object.fromEntries(Object.entries(compared).map(([k, v]) => [k, Math.round(v)])), falseClaims, minimumDetectableEffect };
}
