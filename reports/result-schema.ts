// JSON Schema of result.json, generated from the zod model so it can never drift from it.
// Run directly to write it: `npx tsx reports/result-schema.ts [out.json]`.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { RESULT_SCHEMA_VERSION, RunResult } from '../cli/src/model/index.ts';

/** Draft 2020-12 schema of what perfgate writes (output side: defaults are filled in). */
export function resultJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(RunResult, { io: 'output' }),
    title: `perfgate run result v${RESULT_SCHEMA_VERSION}`,
  };
}

export function writeResultSchema(path: string): void {
  writeFileSync(path, `${JSON.stringify(resultJsonSchema(), null, 2)}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const out = process.argv[2] ?? 'perfgate-result.schema.json';
  writeResultSchema(out);
  console.log(`wrote ${out}`);
}
