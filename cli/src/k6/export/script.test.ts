import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { Scenario, type ScenarioInput } from '../../checks/load/scenario.ts';
import { BudgetFile } from '../../model/index.ts';
import { exportScript } from './script.ts';

const scenario = (input: Omit<ScenarioInput, 'name'>) => Scenario.parse({ name: 'shop', warmup: 0, rounds: 2, duration: 3, ...input });
/** The script's `options`, read back from its text: the one object literal k6 takes them from. */
const optionsOf = (text: string) => {
  const literal = text.slice(text.indexOf('export const options = ') + 'export const options = '.length, text.indexOf('};\n', text.indexOf('export const options')) + 1);
  return runInNewContext(`(${literal})`, { http: { expectedStatuses: () => 'cb' } }) as {
    scenarios: Record<string, Record<string, unknown>>;
    thresholds: Record<string, string[]>;
  };
};

describe('k6 export: load models', () => {
  it('gives the closed model constant-vus windows, one endpoint after another, round by round', () => {
    const { text } = exportScript({
      scenario: scenario({ connections: 8, warmup: 1, requests: [{ path: '/a' }, { method: 'POST', path: '/b', connections: 2 }] }),
      scenarioFile: 's.yaml',
    });
    const { scenarios } = optionsOf(text);
    expect(Object.keys(scenarios)).toEqual(['warmup_getA', 'warmup_postB', 'round1_getA', 'round1_postB', 'round2_getA', 'round2_postB']);
    expect(scenarios.round1_postB).toMatchObject({ executor: 'constant-vus', vus: 2, duration: '3s', exec: 'postB', tags: { perfgate_round: '1', perfgate_model: 'closed' } });
    // Windows never overlap: each starts after the one before ended and its stragglers were stopped.
    expect(scenarios.round1_getA!.startTime).toBe('4s');
    expect(scenarios.round1_postB!.startTime).toBe('8s');
    expect(scenarios.round1_getA!.gracefulStop).toBe('1s');
  });

  it('gives the open model arrival-rate executors, a fractional rate in a longer time unit', () => {
    const { text } = exportScript({ scenario: scenario({ model: 'open', rate: 2.5, maxConnections: 50, requests: [{ path: '/a' }] }), scenarioFile: 's.yaml' });
    expect(optionsOf(text).scenarios.round1_getA).toMatchObject({ executor: 'constant-arrival-rate', rate: 5, timeUnit: '2s', duration: '3s', preAllocatedVUs: 3, maxVUs: 50 });
  });

  it('ramps stages: ramping-vus for the closed model, ramping-arrival-rate for the open, each request tagged with its stage', () => {
    const stages = [
      { name: 'ramp', duration: 2, target: 10 },
      { name: 'peak', duration: 4, target: 50 },
    ];
    const closed = optionsOf(exportScript({ scenario: scenario({ stages, requests: [{ path: '/a' }] }), scenarioFile: 's.yaml' }).text);
    expect(closed.scenarios.round1_getA).toMatchObject({
      executor: 'ramping-vus',
      startVUs: 0,
      stages: [
        { duration: '2s', target: 10 },
        { duration: '4s', target: 50 },
      ],
    });
    const open = exportScript({ scenario: scenario({ model: 'open', stages, requests: [{ path: '/a' }] }), scenarioFile: 's.yaml' });
    expect(optionsOf(open.text).scenarios.round2_getA).toMatchObject({ executor: 'ramping-arrival-rate', startRate: 0, timeUnit: '1s', maxVUs: 1000 });
    expect(open.text).toContain('const STAGES = [{ name: "ramp", end: 2 }, { name: "peak", end: 6 }];');
  });

  it('runs flows on virtual users with their weights and think time, in one window a round', () => {
    const { text } = exportScript({
      scenario: scenario({
        users: { count: 40, think: [0.05, 0.25] },
        flows: [
          { name: 'browse', weight: 4, steps: [{ path: '/items' }, { path: '/items/{{seq}}', think: 1 }] },
          { name: 'buy', weight: 1, steps: [{ method: 'POST', path: '/orders', body: { item: '{{uuid}}' }, expect: [201] }] },
        ],
      }),
      scenarioFile: 's.ts',
    });
    expect(optionsOf(text).scenarios.round1_users).toMatchObject({ executor: 'constant-vus', vus: 40, exec: 'users' });
    expect(text).toContain('const THINK = [0.05, 0.25];');
    expect(text).toMatch(/name: "buy",\s+weight: 1/);
    expect(text).toContain('expected: http.expectedStatuses(201)');
  });
});

describe('k6 export: thresholds from budgets', () => {
  const budgets = BudgetFile.parse({
    rules: [
      { check: 'load', metric: 'latency.p95', subject: 'GET /a', max: 50 },
      { check: 'load', metric: 'errors.ratio', subject: '*', max: 0.01 },
      { check: 'load', metric: 'throughput.rps', subject: 'GET /a', min: 100 },
      { check: 'load', metric: 'latency.p99', subject: '*', regression: { tolerance: 0.1 } },
      { check: 'load', metric: 'cpu.ratio', subject: 'server', max: 0.7 },
      { check: 'load', metric: 'latency.p95', subject: 'GET /a', max: 40, severity: 'warn' },
      { check: 'load', metric: 'latency.p95', subject: 'GET /nowhere', max: 40 },
      { check: 'bundle', metric: 'gzip.bytes', subject: 'bundle:initial', max: 200_000 },
    ],
  });

  it('expresses what k6 can, on the subject’s submetric, and lists every other rule with why', () => {
    const { text, unexpressed } = exportScript({ scenario: scenario({ requests: [{ path: '/a' }, { path: '/b' }] }), scenarioFile: 's.yaml', budgets, budgetsFile: 'b.yaml' });
    const { thresholds } = optionsOf(text);
    expect(thresholds['http_req_duration{name:GET /a}']).toEqual(['p(95)<=50']);
    expect(thresholds['http_req_failed{name:GET /b}']).toEqual(['rate<=0.01']);
    // 100 req/s over 2 rounds of 3 s: at least 600 requests (k6's own rate counts the whole test).
    expect(thresholds['http_reqs{name:GET /a}']).toEqual(['count>=600']);
    // Named with no limit, so that k6's summary carries the subject's own numbers.
    expect(thresholds['http_req_duration{name:GET /b}']).toEqual([]);
    expect(unexpressed).toEqual([
      'load latency.p99 "*": judged against a baseline only (perfgate k6 import --baseline NAME)',
      `load cpu.ratio "server" max 0.7: read from the target's /metrics by perfgate's own load check, not by k6`,
      'load latency.p95 "GET /a" max 40 (warn): a warning only, and a crossed k6 threshold fails the run',
      'load latency.p95 "GET /nowhere" max 40: matches no request of this scenario',
      'bundle gzip.bytes "bundle:initial" max 200000: a rule of the bundle check, which perfgate run measures; k6 measures HTTP load only',
    ]);
    for (const line of unexpressed) expect(text).toContain(`//   - ${line}`);
  });

  it('judges a stage of the profile on its own submetric', () => {
    const stageBudgets = BudgetFile.parse({ rules: [{ check: 'load', metric: 'latency.p95', subject: 'GET /a @ peak', max: 80 }] });
    const stages = [{ name: 'peak', duration: 5, target: 20 }];
    const { text } = exportScript({ scenario: scenario({ stages, requests: [{ path: '/a' }] }), scenarioFile: 's.yaml', budgets: stageBudgets });
    expect(optionsOf(text).thresholds['http_req_duration{name:GET /a,perfgate_stage:peak}']).toEqual(['p(95)<=80']);
  });

  it('cannot name a subject with a comma in a threshold key, and says so', () => {
    const { unexpressed } = exportScript({ scenario: scenario({ requests: [{ name: 'GET /a, b', path: '/a' }] }), scenarioFile: 's.yaml', budgets });
    expect(unexpressed).toContain(`load errors.ratio "*" max 0.01 for "GET /a, b": "GET /a, b" holds a comma, which k6's threshold keys cannot`);
  });
});

describe('k6 export: the scenario’s TypeScript', () => {
  it('takes a function’s values from perfgate, names each with its source, and stops without them', () => {
    const { text, functions } = exportScript({
      scenario: scenario({
        setup: async () => ({ token: 't' }),
        requests: [{ path: '/me', headers: ({ vars }: { vars: Record<string, unknown> }) => ({ authorization: `Bearer ${String(vars.token)}` }) }],
      }),
      scenarioFile: 's.ts',
    });
    expect(functions.map((f) => [f.field, f.evaluable])).toEqual([['requests[0].headers', true]]);
    expect(text).toContain('headers: computed("requests[0].headers")');
    expect(text).toMatch(/\/\/ {3}- requests\[0\]\.headers: .*Bearer/);
    expect(text).toContain("exec.test.abort('perfgate: scenario ' + SCENARIO + ' gets its vars (logins) from its setup()");
  });
});
