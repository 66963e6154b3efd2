import { beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packagePath } from './paths.ts';
import { loadConfigFile } from './load-module.ts';
import { runCli } from '../../test/run-cli.ts';

// Users keep budgets and scenarios anywhere, often outside a "type": "module" package: they must load all the same.
describe('loadConfigFile: code files', () => {
  let dir: string;
  const file = async (name: string, text: string) => {
    await writeFile(join(dir, name), text);
    return join(dir, name);
  };
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'perfgate-load-'));
  });

  it('loads an ESM .ts file outside any package (compiled to CommonJS there)', async () => {
    const path = await file('valid.budget.ts', "export default { version: 1, rules: [{ check: 'load', metric: 'latency.p95', max: 50 }] };\n");
    expect(await loadConfigFile(path, 'budget')).toEqual({ version: 1, rules: [{ check: 'load', metric: 'latency.p95', max: 50 }] });
  });

  it('loads .mts and CommonJS .js files', async () => {
    expect(await loadConfigFile(await file('answer.mts', 'export default { answer: 42 };\n'), 'config')).toEqual({ answer: 42 });
    expect(await loadConfigFile(await file('cjs.js', 'module.exports = { answer: 43 };\n'), 'config')).toEqual({ answer: 43 });
  });

  it('loads a file inside a "type": "module" package that imports its neighbours', async () => {
    const sub = join(dir, 'esm-package');
    await mkdir(sub);
    await writeFile(join(sub, 'package.json'), '{ "type": "module" }');
    await writeFile(join(sub, 'limits.ts'), 'export const MAX: number = 7;\n');
    await writeFile(join(sub, 'x.budget.ts'), "import { MAX } from './limits.ts';\nexport default { max: MAX };\n");
    expect(await loadConfigFile(join(sub, 'x.budget.ts'), 'budget')).toEqual({ max: 7 });
  });

  it("still loads the repository's own files, which import from cli/src/index.ts", async () => {
    const budgets = (await loadConfigFile(packagePath('budgets/paypass.budget.ts'), 'budget')) as { version: number; rules: unknown[] };
    expect(budgets.version).toBe(1);
    expect(budgets.rules.length).toBeGreaterThan(0);
    expect(await loadConfigFile(packagePath('scenarios/paypass.scenario.ts'), 'scenario')).toHaveProperty('requests');
    expect(await loadConfigFile(packagePath('scenarios/paypass.queries.ts'), 'query set')).toBeTypeOf('object');
  });

  it('names the line and reason of a syntax error', async () => {
    const path = await file('syntax.budget.ts', 'export default {\n  version: 1,\n  rules: [ ),\n};\n');
    await expect(loadConfigFile(path, 'budget')).rejects.toThrow(`budget file ${path}: could not load it (line 3: Unexpected ")")`);
  });

  it('reports a default export that is a rejected promise, with the file and the message', async () => {
    const path = await file('reject.budget.ts', "export default Promise.reject(new Error('async boom'));\n");
    await expect(loadConfigFile(path, 'budget')).rejects.toThrow(`budget file ${path}: could not load it (async boom)`);
  });

  it('reports a file that throws at top level', async () => {
    const path = await file('throws.budget.ts', "throw new Error('top boom');\n");
    await expect(loadConfigFile(path, 'budget')).rejects.toThrow(`budget file ${path}: could not load it (top boom)`);
  });

  it('asks for a default export when there is none', async () => {
    const path = await file('none.budget.ts', 'export const rules = [];\n');
    await expect(loadConfigFile(path, 'budget')).rejects.toThrow(`budget file ${path}: expected a default export`);
  });

  // Under vitest, vite loads everything; only the real CLI (tsx's global loader) showed "Cannot require() ES Module … in a cycle".
  it('the CLI loads such a file, reaching validation of its content', async () => {
    const path = await file('lodd.budget.ts', "export default { version: 1, rules: [{ check: 'lodd', metric: 'latency.p95', max: 50 }] };\n");
    const r = await runCli(['run', '--url', 'http://127.0.0.1:1', '--budgets', path]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`perfgate: budget file ${path}: rules[0].check: unknown check "lodd"; expected one of bundle, explain, load, lighthouse\n`);
  });
});
