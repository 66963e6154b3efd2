import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../checks/load/load-scenario.ts';
import { Scenario } from '../../checks/load/scenario.ts';
import { BudgetFile } from '../../model/index.ts';
import { loadConfigFile } from '../../util/load-module.ts';
import { REPO } from '../../../test/run-cli.ts';
import { exportScript } from './script.ts';

/** Every load model and shape: the PayPass scenarios, and the open model with stages and flows with captures. */
async function scripts(): Promise<{ fileName: string; text: string }[]> {
  const budgets = BudgetFile.parse(await loadConfigFile(join(REPO, 'budgets/paypass.budget.ts'), 'budget'));
  const paypass = await Promise.all(
    ['paypass.scenario.ts', 'paypass-mixed.scenario.ts', 'paypass-payments-e2e.scenario.ts', 'paypass-10k-users.scenario.ts'].map(async (name) =>
      exportScript({ scenario: await loadScenario(join(REPO, 'scenarios', name)), scenarioFile: `scenarios/${name}`, budgets, budgetsFile: 'budgets/paypass.budget.ts' }),
    ),
  );
  const stages = [
    { name: 'ramp', duration: 1, target: 5.5 },
    { name: 'peak', duration: 2, target: 20 },
  ];
  const openStages = Scenario.parse({
    name: 'open-stages',
    model: 'open',
    stages,
    requests: [{ method: 'PUT', path: '/x/{{seq}}', headers: { 'x-id': '{{uuid}}' }, body: 'raw {{env.HOME}}' }],
  });
  const flows = Scenario.parse({
    name: 'flows-open',
    model: 'open',
    rate: 3,
    stages,
    users: { count: 5, think: 0.1, session: async () => ({}) },
    flows: [{ name: 'f', steps: [{ path: '/a', capture: () => undefined, think: [0, 1] }] }],
  });
  return [...paypass, exportScript({ scenario: openStages, scenarioFile: 'open.yaml' }), exportScript({ scenario: flows, scenarioFile: 'flows.ts' })];
}

describe('k6 export: the scripts are k6 JavaScript', () => {
  it('type-check against @types/k6 (tsc --checkJs, strict)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'perfgate-k6-types-'));
    const written = await scripts();
    for (const s of written) await writeFile(join(dir, s.fileName), s.text);
    const tsconfig = {
      compilerOptions: {
        allowJs: true,
        checkJs: true,
        noEmit: true,
        strict: true,
        target: 'ES2020',
        module: 'ESNext',
        moduleResolution: 'Bundler',
        // k6's runtime: its modules and globals (__ENV, open), and no Node or DOM.
        lib: ['ES2020'],
        types: ['k6'],
        typeRoots: [join(REPO, 'node_modules/@types')],
      },
      include: written.map((s) => s.fileName),
    };
    await writeFile(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
    const tsc = join(REPO, 'node_modules/typescript/bin/tsc');
    const result = await promisify(execFile)(process.execPath, [tsc, '-p', dir]).then(
      () => '',
      (error: { stdout?: string }) => error.stdout ?? String(error),
    );
    expect(result).toBe('');
    expect(written).toHaveLength(6);
  });
});
