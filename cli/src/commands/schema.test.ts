import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { packagePath } from '../util/paths.ts';
import { schemaFor } from './schema.ts';
import { runCli, tempOut } from '../../test/run-cli.ts';

// The committed schemas are what editors and consumers read: they must match the zod schemas they come from.
describe('published JSON Schemas', () => {
  it('budgets/budget.schema.json and reports/result.schema.json are up to date (regenerate with perfgate schema -o)', () => {
    expect(JSON.parse(readFileSync(packagePath('budgets/budget.schema.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(schemaFor('budgets'))));
    expect(JSON.parse(readFileSync(packagePath('reports/result.schema.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(schemaFor('result'))));
    expect(JSON.parse(readFileSync(packagePath('perfgate.config.schema.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(schemaFor('config'))));
  });

  it("derives each check's metrics from the registry, with their meaning and unit", () => {
    const schema = schemaFor('budgets') as {
      properties: { rules: { items: { anyOf: { properties: { check: { const: string }; metric: { anyOf: { const?: string; description: string }[] } } }[] } } };
    };
    const load = schema.properties.rules.items.anyOf.find((v) => v.properties.check.const === 'load')!;
    expect(load.properties.metric.anyOf.find((m) => m.const === 'throughput.rps')!.description).toMatch(/\(rps, higher is better\)$/);
    const config = schemaFor('config') as { properties: Record<string, unknown> };
    expect(Object.keys(config.properties)).toEqual(expect.arrayContaining(['url', 'rounds', 'queries', 'lighthouseRuns', 'lighthouse']));
  });

  it('describes a budget file the way the loader reads it', () => {
    const schema = schemaFor('budgets') as { properties: { rules: { items: { required: string[]; additionalProperties: boolean } } } };
    expect(schema.properties.rules.items.required).toEqual(['check', 'metric']);
    expect(schema.properties.rules.items.additionalProperties).toBe(false);
    expect(parse(readFileSync(packagePath('cli/test/fixtures/loose.budget.yaml'), 'utf8')).rules[0]).toHaveProperty('check');
  });
});

describe('perfgate schema -o', () => {
  it('writes the schema to the file', async () => {
    const output = join(await tempOut(), 'budget.schema.json');
    const r = await runCli(['schema', '-o', output]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(output, 'utf8'))).toEqual(JSON.parse(JSON.stringify(schemaFor('budgets'))));
  });

  it('refuses a path whose directory does not exist (exit 2, nothing created)', async () => {
    const missing = join(await tempOut(), 'missing');
    const r = await runCli(['schema', '-o', join(missing, 'budget.schema.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`perfgate: -o ${join(missing, 'budget.schema.json')}: directory ${missing} does not exist\n`);
    expect(existsSync(missing)).toBe(false);
  });

  it('refuses a directory (exit 2)', async () => {
    const dir = await tempOut();
    const r = await runCli(['schema', '-o', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`perfgate: -o ${dir}: is a directory, expected a file path\n`);
  });
});
