// The sensitivity matrix: one regression injected at a time into an otherwise unchanged target. Each must be
// claimed (exit 1) with nothing else claimed.
import { createHash } from 'node:crypto';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureWebBuild } from '../../cli/src/target/web-build.ts';
import { claims, perfgate, saveBaseline, type Claim } from './perfgate.ts';
import { createPgbenchDb } from './pgbench-db.ts';

export interface Injection {
  name: string;
  /** `check metric subject` prefixes: the first must be claimed; the others may be (the same change seen elsewhere). */
  expect: string[];
  code: number;
  claimed: Claim[];
  /** Claims the injection should not have caused. */
  unexpected: Claim[];
  caught: boolean;
}

interface Case {
  name: string;
  expect: string[];
  /** Runs base (baseline saved as "base") then head against it; returns the head's exit code and claims. */
  run(): Promise<{ code: number; claimed: Claim[] }>;
}

export interface SensitivityOptions {
  rounds: number;
  /** Extra flags for the load runs (e.g. a shorter --duration on a busy machine). */
  gateFlags: string[];
  /** Only the injections whose name contains this text. */
  cases?: string;
  log: (line: string) => void;
}

export async function runSensitivity(o: SensitivityOptions): Promise<Injection[]> {
  const results: Injection[] = [];
  for (const c of (await cases(o)).filter((x) => !o.cases || x.name.includes(o.cases))) {
    o.log(`sensitivity: ${c.name}`);
    const { code, claimed } = await c.run();
    const matches = (cl: Claim) => c.expect.some((e) => `${cl.check} ${cl.metric} ${cl.subject}`.startsWith(e));
    // The first expectation must be claimed as a regression; the others are its consequences, allowed, not required.
    const caught = code === 1 && claimed.some((cl) => cl.change === 'regressed' && `${cl.check} ${cl.metric} ${cl.subject}`.startsWith(c.expect[0]!));
    results.push({ name: c.name, expect: c.expect, code, claimed, unexpected: claimed.filter((cl) => !matches(cl)), caught });
  }
  return results;
}

/** base run, baseline, head run: the head's claims. */
async function pair(out: string, base: string[], head: string[], env: { base?: Record<string, string>; head?: Record<string, string> }, log: (line: string) => void) {
  await perfgate([...base, '--out', out], env.base ?? {}, log);
  await saveBaseline(out, 'base');
  const r = await perfgate([...head, '--out', out, '--baseline', 'base'], env.head ?? {}, log);
  return { code: r.code, claimed: claims(r.result) };
}

async function cases(o: SensitivityOptions): Promise<Case[]> {
  const tmp = (prefix: string) => mkdtempSync(join(tmpdir(), `perfgate-sens-${prefix}-`));
  const load = ['run', '--only', 'load', '--rounds', String(o.rounds), ...o.gateFlags];
  return [
    {
      name: '+30 % latency on GET /payments (PAYPASS_SLOWDOWN, CPU per request)',
      // CPU per request also queues the requests behind it: p95 and p99 of the same endpoint move with the median.
      expect: ['load latency.p50 GET /payments', 'load latency.p95 GET /payments', 'load latency.p99 GET /payments'],
      async run() {
        const out = tmp('latency');
        const base = await perfgate([...load, '--out', out], {}, o.log);
        await saveBaseline(out, 'base');
        const p50 = base.result.measurements.find((m) => m.metric === 'latency.p50' && m.subject === 'GET /payments')!.value;
        const slowdown = `GET /payments=${(p50 * 0.3).toFixed(2)}ms`;
        o.log(`  base p50 ${p50.toFixed(2)} ms: PAYPASS_SLOWDOWN="${slowdown}"`);
        const head = await perfgate([...load, '--out', out, '--baseline', 'base'], { PAYPASS_SLOWDOWN: slowdown }, o.log);
        return { code: head.code, claimed: claims(head.result) };
      },
    },
    {
      name: 'p99-only regression on GET /payments (one request in 50 stalls 4× its p99)',
      expect: ['load latency.p99 GET /payments'],
      async run() {
        const out = tmp('stall');
        const base = await perfgate([...load, '--out', out], {}, o.log);
        await saveBaseline(out, 'base');
        const p99 = base.result.measurements.find((m) => m.metric === 'latency.p99' && m.subject === 'GET /payments')!.value;
        const stall = `GET /payments=${Math.max(20, Math.round(p99 * 4))}ms@1/50`;
        o.log(`  base p99 ${p99.toFixed(2)} ms: PAYPASS_SLOWDOWN="${stall}"`);
        const head = await perfgate([...load, '--out', out, '--baseline', 'base'], { PAYPASS_SLOWDOWN: stall }, o.log);
        return { code: head.code, claimed: claims(head.result) };
      },
    },
    {
      name: 'dropped index (pgbench_accounts_pkey, pgbench scale 10)',
      // Without its index the query scans the table: rows, pages and time of that one query.
      expect: ['explain plan.seq_scan_rows query:account_by_id', 'explain plan.buffers.shared_total query:account_by_id', 'explain plan.execution_ms query:account_by_id'],
      async run() {
        const dir = tmp('index');
        const db = await createPgbenchDb(dir, 10);
        try {
          const explain = ['run', '--database-url', db.url, '--queries', db.queries, '--only', 'explain', '--out', dir];
          await perfgate(explain, {}, o.log);
          await saveBaseline(dir, 'base');
          await db.sql('ALTER TABLE pgbench_accounts DROP CONSTRAINT pgbench_accounts_pkey');
          const head = await perfgate([...explain, '--baseline', 'base'], {}, o.log);
          return { code: head.code, claimed: claims(head.result) };
        } finally {
          await db.drop();
        }
      },
    },
    ...bundleCases(o, tmp),
    {
      name: '300 ms main-thread block on a page (lighthouse)',
      // A long task after the page loaded also pushes Time to Interactive out.
      expect: ['lighthouse tbt page:/', 'lighthouse tti page:/'],
      async run() {
        let block = 0;
        const server = createServer((req, res) => {
          // After the first paint, as a heavy handler would: a long task that blocks input, not one that delays paint.
          const script = block ? `<script>addEventListener('load',()=>setTimeout(()=>{const t=performance.now();while(performance.now()-t<${block}){}},100))</script>` : '';
          res
            .writeHead(200, { 'content-type': 'text/html' })
            .end(`<!doctype html><html><head><title>p</title></head><body><h1>Hello</h1><p>${'text '.repeat(200)}</p>${script}</body></html>`);
        });
        await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
        const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        try {
          const out = tmp('page');
          const args = ['run', '--url', url, '--pages', '/', '--only', 'lighthouse', '--out', out];
          await perfgate(args, {}, o.log);
          await saveBaseline(out, 'base');
          block = 300;
          const head = await perfgate([...args, '--baseline', 'base'], {}, o.log);
          return { code: head.code, claimed: claims(head.result) };
        } finally {
          server.close();
        }
      },
    },
  ];
}

function bundleCases(o: SensitivityOptions, tmp: (prefix: string) => string): Case[] {
  // Two copies of PayPass's own build: the base as built, the head with one change.
  const copies = async () => {
    const dist = await ensureWebBuild(o.log);
    const base = tmp('bundle-base');
    const head = tmp('bundle-head');
    cpSync(dist, base, { recursive: true });
    cpSync(dist, head, { recursive: true });
    return { base, head };
  };
  // Incompressible text (base64 of a hash chain, the same every run): gzip keeps about 3/4 of its bytes.
  const noise = (bytes: number) => {
    const chunks: Buffer[] = [];
    for (let i = 0; chunks.length * 32 < bytes; i++) chunks.push(createHash('sha256').update(`perfgate-noise-${i}`).digest());
    return `/*${Buffer.concat(chunks).subarray(0, bytes).toString('base64')}*/\n`;
  };
  const manifestOf = (dir: string) =>
    JSON.parse(readFileSync(join(dir, '.vite', 'manifest.json'), 'utf8')) as Record<string, { file: string; isEntry?: boolean; dynamicImports?: string[] }>;
  return [
    {
      name: '+20 KB gzip on the initial bundle',
      expect: ['bundle gzip.bytes bundle:initial', 'bundle gzip.bytes bundle:total'],
      async run() {
        const { base, head } = await copies();
        const entry = Object.values(manifestOf(head)).find((e) => e.isEntry)!;
        appendFileSync(join(head, entry.file), noise(20_000));
        return pair(tmp('bundle-out'), ['run', '--bundle-dir', base, '--only', 'bundle'], ['run', '--bundle-dir', head, '--only', 'bundle'], {}, o.log);
      },
    },
    {
      name: 'a new lazy chunk over 10 KB gzip',
      expect: ['bundle gzip.bytes route:Extra', 'bundle gzip.bytes bundle:total'],
      async run() {
        const { base, head } = await copies();
        const manifest = manifestOf(head);
        writeFileSync(join(head, 'assets', 'Extra-bench.js'), noise(12_000));
        manifest['src/pages/Extra.tsx'] = { file: 'assets/Extra-bench.js', name: 'Extra', src: 'src/pages/Extra.tsx', isDynamicEntry: true, imports: ['index.html'] } as never;
        const entry = Object.values(manifest).find((e) => e.isEntry)!;
        entry.dynamicImports = [...(entry.dynamicImports ?? []), 'src/pages/Extra.tsx'];
        writeFileSync(join(head, '.vite', 'manifest.json'), JSON.stringify(manifest, null, 2));
        return pair(tmp('bundle-out'), ['run', '--bundle-dir', base, '--only', 'bundle'], ['run', '--bundle-dir', head, '--only', 'bundle'], {}, o.log);
      },
    },
  ];
}
