import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { minimalResult } from '../../../reports/fixtures/sample-result.ts';
import { runCli, tempOut } from '../../test/run-cli.ts';

// `-o` pointing nowhere is a usage mistake: one line, exit 2, and no directories made behind the user's back.
describe('perfgate report -o', () => {
  let dir: string;
  let resultFile: string;
  beforeAll(async () => {
    dir = await tempOut();
    resultFile = join(dir, 'result.json');
    await writeFile(resultFile, JSON.stringify(minimalResult()));
  });

  it('writes the report to the file', async () => {
    const output = join(dir, 'report.md');
    const r = await runCli(['report', resultFile, '--format', 'md', '-o', output]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(output, 'utf8').length).toBeGreaterThan(0);
  });

  it('writes the run as OpenMetrics text, the series --push publishes', async () => {
    const output = join(dir, 'metrics.prom');
    const r = await runCli(['report', resultFile, '--format', 'openmetrics', '-o', output]);
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(output, 'utf8');
    expect(text).toContain('perfgate_measurement{check="load",metric="latency.p95",subject="GET /health",unit="ms",target="localhost:3000",git_sha="4e1d0c2b9a7f"} 3.8\n');
    expect(text.endsWith('# EOF\n')).toBe(true);
  });

  it('refuses a path whose directory does not exist, and creates none', async () => {
    const output = join(dir, 'missing', 'report.md');
    const r = await runCli(['report', resultFile, '-o', output]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`perfgate: -o ${output}: directory ${join(dir, 'missing')} does not exist\n`);
    expect(existsSync(join(dir, 'missing'))).toBe(false);
  });

  it('refuses a directory', async () => {
    const r = await runCli(['report', resultFile, '-o', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`perfgate: -o ${dir}: is a directory, expected a file path\n`);
  });
});
