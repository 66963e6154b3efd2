/**
 * Bad input, fuzzed: well over a thousand malformed budget, scenario, config and query-set files, and bad values of
 * `perfgate run`'s flags, each run through the CLI's main() in this process. Every one must exit 2 within a bound,
 * with exactly one line on stderr that names the file (or the flag) and the field, and no stack trace. Nothing is
 * ever measured: the target is a closed port, and every input is invalid before anything would start.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/main.ts';
import { badFile, badFlag, budgetSchema, configSchema, querySetSchema, scenarioSchema, type BadFile, type BadFlag } from './arbitraries.ts';
import { runMain } from './run-main.ts';

const SEED = 20_261_201;
const RUNS = { budget: 260, scenario: 300, config: 200, queries: 220, flags: 300 };
const BOUND_MS = 5000;
const CLOSED = 'http://127.0.0.1:9';

let dir: string;
let out: string;
let validBudget: string;
let validScenario: string;
let tried = 0;
let slowest = 0;
const started = performance.now();

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'perfgate-fuzz-'));
  out = join(dir, 'out');
  mkdirSync(out);
  // Valid, so that a flag case fails on its flag; "*" names every load metric there is.
  validBudget = join(dir, 'valid.budget.yaml');
  writeFileSync(validBudget, 'version: 1\nrules:\n  - { check: load, metric: "*", max: 1000000000 }\n');
  validScenario = join(dir, 'valid.scenario.yaml');
  writeFileSync(validScenario, 'name: valid\nrounds: 1\nduration: 0.1\nwarmup: 0\nrequests:\n  - path: /\n');
  writeFileSync(join(dir, 'a-file'), 'x');
  execFileSync('mkfifo', [join(dir, 'a-pipe')]);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Whitespace, line breaks and control characters as one space: how the one line shows a value that held them. */
// eslint-disable-next-line no-control-regex -- the control characters are the point
const norm = (s: string) => s.replace(/[\s\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ');

async function expectOneLine(args: string[], mentions: string[], anyOf: string[] | undefined, why: string): Promise<void> {
  const r = await runMain(args, BOUND_MS);
  tried++;
  slowest = Math.max(slowest, r.ms);
  const problem = (what: string) =>
    new Error(
      `${what}\n  case: ${why}\n  perfgate ${JSON.stringify(args)}\n  exit ${r.code} after ${Math.round(r.ms)} ms\n  stderr: ${JSON.stringify(r.stderr)}\n  stdout: ${JSON.stringify(r.stdout.slice(0, 300))}`,
    );
  if (r.code !== 2) throw problem('expected exit 2');
  if (r.stderr.includes('    at ')) throw problem('a stack trace was printed');
  if (!r.stderr.endsWith('\n') || r.stderr.slice(0, -1).includes('\n')) throw problem('expected exactly one line on stderr');
  if (r.stdout !== '') throw problem('expected nothing on stdout');
  const line = norm(r.stderr);
  const missing = mentions.find((m) => !line.includes(norm(m)));
  if (missing !== undefined) throw problem(`the line does not name ${JSON.stringify(missing)}`);
  if (anyOf && !anyOf.some((m) => line.includes(norm(m)))) throw problem(`the line names none of ${JSON.stringify(anyOf)}`);
  if (r.ms > BOUND_MS) throw problem(`took ${Math.round(r.ms)} ms`);
}

let fileNumber = 0;
function writeCase(c: BadFile): string {
  const file = join(dir, `${++fileNumber}.${c.kind}${c.ext}`);
  writeFileSync(file, c.content);
  return file;
}

function argsFor(c: BadFile, file: string): string[] {
  switch (c.kind) {
    case 'budget':
      return ['run', '--url', CLOSED, '--only', 'load', '--budgets', file, '--out', out];
    case 'scenario':
      return ['run', '--url', CLOSED, '--only', 'load', '--budgets', validBudget, '--scenario', file, '--out', out];
    case 'config':
      return ['run', '--config', file, '--url', CLOSED, '--only', 'load', '--budgets', validBudget, '--out', out];
    case 'queries':
      // A closed port for PostgreSQL too: nothing could be EXPLAINed even if a query set got through.
      return ['run', '--url', CLOSED, '--database-url', 'postgres://127.0.0.1:9/fuzz', '--queries', file, '--only', 'explain', '--budgets', validBudget, '--out', out];
  }
}

async function fuzzFiles(arbitrary: fc.Arbitrary<BadFile>, numRuns: number): Promise<void> {
  await fc.assert(
    fc.asyncProperty(arbitrary, async (c) => {
      const file = writeCase(c);
      await expectOneLine(argsFor(c, file), [file, ...c.mentions], c.anyOf, `${c.kind}${c.ext}: ${c.why}`);
    }),
    { numRuns, seed: SEED },
  );
}

describe('bad input, fuzzed', () => {
  it(`budget files: ${RUNS.budget} malformed .yaml and .json`, () => fuzzFiles(badFile(budgetSchema), RUNS.budget), 60_000);

  it(`scenario files: ${RUNS.scenario} malformed .yaml and .json`, () => fuzzFiles(badFile(scenarioSchema), RUNS.scenario), 60_000);

  it(`config files: ${RUNS.config} malformed .yaml and .json`, () => fuzzFiles(badFile(configSchema), RUNS.config), 60_000);

  it(`query-set files: ${RUNS.queries} malformed .yaml and .json`, () => fuzzFiles(badFile(querySetSchema), RUNS.queries), 60_000);

  it(`flags of perfgate run: ${RUNS.flags} bad values`, async () => {
    const run = buildProgram().commands.find((c) => c.name() === 'run')!;
    const knownFlags = run.options.map((o) => o.long!).filter(Boolean);
    const file = join(dir, 'a-file');
    const badOutDirs = fc.oneof(
      fc.constantFrom(file, join(file, 'below'), '/proc', '/dev/null', join(dir, 'a-pipe')),
      fc.stringMatching(/^[a-z]{1,8}$/).map((w) => `/proc/fuzz-${w}/out`),
    );
    const defaults: [string, string][] = [
      ['--url', CLOSED],
      ['--only', 'load'],
      ['--budgets', validBudget],
      ['--scenario', validScenario],
      ['--out', out],
    ];
    await fc.assert(
      fc.asyncProperty(badFlag(knownFlags, badOutDirs), async (c: BadFlag) => {
        const args = ['run', ...defaults.filter(([flag]) => !c.replaces.includes(flag)).flat(), ...c.args];
        await expectOneLine(args, c.mentions, undefined, c.why);
      }),
      { numRuns: RUNS.flags, seed: SEED },
    );
  }, 60_000);

  // Loading TypeScript is slow, so these are a handful, written out.
  it.each([
    [
      'a getter that throws',
      "export default { version: 1, rules: [{ check: 'load', metric: 'latency.p95', get max() { throw new Error('boom'); } }] };",
      ['rules[0].max', 'could not be read (boom)'],
    ],
    ['a Proxy whose traps throw', "export default { rules: new Proxy([], { get() { throw new Error('trap'); } }) };", ['rules', 'could not be read (trap)']],
    ['a cycle', "const rule: Record<string, unknown> = { check: 'load' };\nrule.again = rule;\nexport default { rules: [rule] };", ['rules[0].again', 'refers back to itself']],
    ['junk nested 500 deep', 'let v: unknown = 1;\nfor (let i = 0; i < 500; i++) v = [v];\nexport default { rules: v };', ['rules[0]', 'nested more than 100 levels deep']],
    ['a rejected default export', "export default Promise.reject(new Error('later'));", ['could not load it (later)']],
    ['a thenable whose then throws', "export default { get then() { throw new Error('then'); } };", ['could not load it (then)']],
    ['a syntax error', 'export default { rules: [ ) };', ['could not load it (line 1:']],
    ['no default export', 'export const rules = [];', ['expected a default export']],
    ['a throw at the top level', "throw new Error('top');", ['could not load it (top)']],
    ['a number', 'export default 42;', ['(root)']],
    ['a function', 'export default () => ({ rules: [] });', ['(root)']],
    ['a wrong type', "export default { version: 1, rules: [{ check: 'load', metric: 'latency.p95', max: '50' }] };", ['rules[0].max']],
  ])('a budget .ts file with %s', async (why, source, mentions) => {
    const file = join(dir, `${++fileNumber}.budget.ts`);
    writeFileSync(file, `${source}\n`);
    await expectOneLine(['run', '--url', CLOSED, '--only', 'load', '--budgets', file, '--out', out], [file, ...mentions], undefined, `budget.ts: ${why}`);
  });

  it('tried at least 1,000 bad inputs, each within the bound', () => {
    expect(tried).toBeGreaterThanOrEqual(1000);
    expect(slowest).toBeLessThan(BOUND_MS);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`fuzzed ${tried} bad inputs: all exit 2 with one line (${seconds} s, slowest ${Math.round(slowest)} ms, seed ${SEED})`);
  });
});
