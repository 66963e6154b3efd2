import { describe, expect, it } from 'vitest';
import { RunResult } from '../cli/src/model/index.ts';
import { minimalResult, sampleResult } from './fixtures/sample-result.ts';
import { renderJson } from './json.ts';
import { resultJsonSchema } from './result-schema.ts';

describe('renderJson', () => {
  it('round-trips through the schema and is stable', () => {
    const r = sampleResult();
    const text = renderJson(r);
    expect(text.endsWith('\n')).toBe(true);
    expect(RunResult.parse(JSON.parse(text))).toEqual(RunResult.parse(r));
    expect(renderJson(JSON.parse(text))).toBe(text);
  });

  it('keeps schema order: schemaVersion first', () => {
    expect(renderJson(minimalResult()).split('\n')[1]).toBe('  "schemaVersion": 2,');
  });
});

describe('resultJsonSchema', () => {
  it('is generated from the zod model', () => {
    const s = resultJsonSchema() as { $schema: string; properties: Record<string, unknown>; required: string[] };
    expect(s.$schema).toContain('json-schema.org');
    expect(s.required).toEqual(expect.arrayContaining(['schemaVersion', 'verdicts', 'summary', 'outcome']));
    expect(Object.keys(s.properties)).toEqual(expect.arrayContaining(['environment', 'baseline', 'checks']));
  });
});
