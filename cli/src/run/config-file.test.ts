import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPerfgateConfig } from './config-file.ts';

// A config file sets the same things as the flags of `perfgate run`: it gets the same checks, named by file and field.
describe('perfgate.config.yaml validation', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'perfgate-config-'));
  });
  const load = async (yaml: string) => {
    const file = join(dir, 'perfgate.config.yaml');
    await writeFile(file, yaml);
    return loadPerfgateConfig(file);
  };
  const rejects = async (yaml: string, message: string) => {
    const error = await load(yaml).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'BAD_CONFIG', exitCode: 2 });
    expect((error as Error).message).toBe(`config file ${join(dir, 'perfgate.config.yaml')}: ${message}`);
  };

  it('accepts known checks and values at the limits', async () => {
    const { config } = await load('only: [load, bundle]\nskip: []\nrounds: 1000\nduration: 3600\nconnections: 10000\nwarmup: 600\nlighthouse: { runs: 100 }\n');
    expect(config).toMatchObject({ only: ['load', 'bundle'], rounds: 1000, connections: 10000, lighthouseRuns: 100 });
  });

  it('names an unknown check in only or skip', async () => {
    await rejects('only: [lodd]\n', 'only[0]: unknown check "lodd"; expected one of bundle, explain, load, lighthouse');
    await rejects('skip: [load, lighthous]\n', 'skip[1]: unknown check "lighthous"; expected one of bundle, explain, load, lighthouse');
  });

  it('refuses an empty only, which would run nothing', async () => {
    await rejects('only: []\n', 'only: expected at least one of bundle, explain, load, lighthouse');
  });

  it('applies the upper bounds of the flags', async () => {
    await rejects('rounds: 1001\n', 'rounds: Too big: expected number to be <=1000');
    await rejects('duration: 3601\n', 'duration: Too big: expected number to be <=3600');
    await rejects('connections: 100000\n', 'connections: Too big: expected number to be <=10000');
    await rejects('warmup: 601\n', 'warmup: Too big: expected number to be <=600');
    await rejects('lighthouse: { runs: 101 }\n', 'lighthouse.runs: Too big: expected number to be <=100');
  });
});
