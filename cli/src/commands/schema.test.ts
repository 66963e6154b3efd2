import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { packagePath } from '../util/paths.ts';
import { schemaFor } from './schema.ts';

// The committed schemas are what editors and consumers read: they must match the zod schemas they come from.
describe('published JSON Schemas', () => {
  it('budgets/budget.schema.json and reports/result.schema.json are up to date (regenerate with perfgate schema -o)', () => {
    expect(JSON.parse(readFileSync(packagePath('budgets/budget.schema.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(schemaFor('budgets'))));
    expect(JSON.parse(readFileSync(packagePath('reports/result.schema.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(schemaFor('result'))));
  });

  it('describes a budget file the way the loader reads it', () => {
    const schema = schemaFor('budgets') as { properties: { rules: { items: { required: string[]; additionalProperties: boolean } } } };
    expect(schema.properties.rules.items.required).toEqual(['check', 'metric']);
    expect(schema.properties.rules.items.additionalProperties).toBe(false);
    expect(parse(readFileSync(packagePath('cli/test/fixtures/loose.budget.yaml'), 'utf8')).rules[0]).toHaveProperty('check');
  });
});
