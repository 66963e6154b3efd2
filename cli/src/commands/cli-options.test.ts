import { writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { fixture, runCli, startHelloServer, tempOut } from '../../test/run-cli.ts';

describe('perfgate CLI options', () => {
  let url: string;
  let server: Server;
  beforeAll(async () => ({ url, server } = await startHelloServer()));
  afterAll(() => server.close());

  it('reads perfgate.config.yaml; flags win over it', async () => {
    const out = await tempOut();
    const config = join(out, 'perfgate.config.yaml');
    writeFileSync(config, `url: ${url}\nscenario: ${fixture('hello.scenario.yaml')}\nbudgets: ${fixture('loose.budget.yaml')}\nrounds: 3\nout: ${out}\n`);
    const r = await runCli(['run', '--config', config, '--rounds', '2', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.target.url).toBe(url);
    expect(result.checks[0].settings).toMatchObject({ rounds: 2, roundsCompleted: 2 });
  });

  it('rejects a config file with an unknown key, naming it (exit 2)', async () => {
    const out = await tempOut();
    const config = join(out, 'perfgate.config.yaml');
    writeFileSync(config, 'rounds: 3\nrunds: 4\n');
    const r = await runCli(['run', '--config', config]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/^perfgate: config file .*perfgate\.config\.yaml: \(root\): .*runds/);
  });

  it('--skip leaves a check out and records it as skipped', async () => {
    const out = await tempOut();
    const build = await tempOut();
    await writeFile(join(build, 'app.js'), 'console.log(1)');
    const r = await runCli(['run', '--url', url, '--bundle-dir', build, '--skip', 'load', '--budgets', fixture('loose.budget.yaml'), '--out', out, '--json']);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.checks.find((c: { id: string }) => c.id === 'load')).toMatchObject({ status: 'skipped', error: 'left out by --skip' });
    expect(result.checks.find((c: { id: string }) => c.id === 'bundle')).toMatchObject({ status: 'ok' });
    // The load rules were not judged: one skipped verdict says so.
    expect(result.verdicts).toEqual([expect.objectContaining({ check: 'load', status: 'skipped', message: 'not run (left out by --skip): 2 rules not judged' })]);
  });

  it('--only names unknown checks (exit 2)', async () => {
    const r = await runCli(['run', '--only', 'load,lodd']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/--only expects check names from bundle, explain, load, lighthouse, got "lodd"/);
  });

  it('re-renders a stored run with `perfgate report`', async () => {
    const out = await tempOut();
    expect((await runCli(['run', '--url', url, '--scenario', fixture('hello.scenario.yaml'), '--budgets', fixture('loose.budget.yaml'), '--out', out])).code).toBe(0);
    const md = await runCli(['report', 'latest', '--format', 'md', '--out', out]);
    expect(md.stdout).toMatch(/^\*\*perfgate: PASS\*\*/);
    const junit = await runCli(['report', '--format', 'junit', '--out', out]);
    expect(junit.stdout).toMatch(/^<\?xml/);
    const bad = await runCli(['report', '--format', 'pdf', '--out', out]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/argument 'pdf' is invalid. Allowed choices are html, md, junit, json/);
  });

  it('writes the JSON Schema of budget files, which accepts the shipped YAML budgets', async () => {
    const r = await runCli(['schema']);
    expect(r.code).toBe(0);
    const schema = JSON.parse(r.stdout);
    expect(schema.properties.rules.items.properties.severity.enum).toEqual(['error', 'warn']);
    expect(schema.required).toEqual(['rules']);
    const result = JSON.parse((await runCli(['schema', '--kind', 'result'])).stdout);
    expect(result.properties.schemaVersion).toMatchObject({ const: 2 });
  });

  it('prints help with examples and exit codes', async () => {
    const r = await runCli(['run', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Examples:/);
    expect(r.stdout).toMatch(/Exit codes: 0 pass/);
    expect(readFileSync(fixture('hello.scenario.yaml'), 'utf8')).toContain('requests');
  });
});
