import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packagePath } from './paths.ts';
import { EXPORT_TIMEOUT_S, MAX_INPUT_BYTES, loadConfigFile } from './load-module.ts';
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

/** The PerfgateError a load fails with: exit 2, one line. */
async function loadError(path: string, what = 'budget', options = {}): Promise<Error> {
  const error = await loadConfigFile(path, what, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toMatchObject({ code: 'BAD_FILE', exitCode: 2 });
  expect((error as Error).message).not.toMatch(/[\r\n]/);
  return error as Error;
}

describe('loadConfigFile: code files that misbehave', () => {
  let dir: string;
  const file = async (name: string, text: string) => {
    await writeFile(join(dir, name), text);
    return join(dir, name);
  };
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'perfgate-load-bad-'));
  });

  it('stops waiting for a default export that never resolves, naming the file', async () => {
    const path = await file('never.budget.ts', 'export default new Promise(() => {});\n');
    const started = Date.now();
    const error = await loadError(path, 'budget', { exportTimeoutS: 0.5 });
    expect(error.message).toBe(`budget file ${path}: default export did not resolve within 0.5 s`);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('stops waiting for a module whose top-level await never settles', async () => {
    const sub = join(dir, 'tla');
    await mkdir(sub);
    await writeFile(join(sub, 'package.json'), '{ "type": "module" }');
    await writeFile(join(sub, 'stuck.budget.ts'), 'await new Promise(() => {});\nexport default { version: 1 };\n');
    const error = await loadError(join(sub, 'stuck.budget.ts'), 'budget', { loadTimeoutS: 1 });
    expect(error.message).toBe(`budget file ${join(sub, 'stuck.budget.ts')}: did not finish loading within 1 s (a top-level await that never settles?)`);
  });

  it('names the field whose getter throws, instead of an unexpected error', async () => {
    const path = await file('getter.budget.ts', "export default { version: 1, rules: [{ check: 'load', get max() { throw new Error('getter boom'); } }] };\n");
    expect((await loadError(path)).message).toBe(`budget file ${path}: rules[0].max: could not be read (getter boom)`);
  });

  it('names the place of a Proxy whose traps throw', async () => {
    const path = await file('proxy.budget.ts', "export default { rules: new Proxy({}, { ownKeys() { throw new Error('no keys'); } }) };\n");
    expect((await loadError(path)).message).toBe(`budget file ${path}: rules: could not be read (no keys)`);
  });

  it('refuses a cycle and absurd nesting, and keeps functions and shared values', async () => {
    const cycle = await file('cycle.budget.ts', 'const rule: Record<string, unknown> = {};\nrule.self = rule;\nexport default { rules: [rule] };\n');
    expect((await loadError(cycle)).message).toBe(`budget file ${cycle}: rules[0].self: refers back to itself (a cycle); expected plain data`);
    const deep = await file('deep.budget.ts', 'let v: unknown = 1;\nfor (let i = 0; i < 500; i++) v = [v];\nexport default { rules: v };\n');
    expect((await loadError(deep)).message).toBe(`budget file ${deep}: rules[0][0][0][0][0][0][0][0][0]…: nested more than 100 levels deep`);
    const fine = await file('fine.scenario.ts', 'const shared = { a: 1 };\nexport default { setup: async () => ({}), one: shared, two: shared };\n');
    const loaded = (await loadConfigFile(fine, 'scenario')) as { setup: unknown; one: unknown; two: unknown };
    expect(typeof loaded.setup).toBe('function');
    expect(loaded.one).toEqual({ a: 1 });
    expect(loaded.one).toBe(loaded.two);
  });
});

describe('loadConfigFile: files that are not regular files', () => {
  it('refuses a named pipe at once instead of waiting on it forever', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'perfgate-load-fifo-'));
    const fifo = join(dir, 'pipe.budget.yaml');
    execFileSync('mkfifo', [fifo]);
    const started = Date.now();
    expect((await loadError(fifo)).message).toBe(`budget file ${fifo}: is not a regular file (a named pipe); expected a file`);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('refuses a device behind a name with a known extension', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'perfgate-load-dev-'));
    const link = join(dir, 'zero.scenario.json');
    await symlink('/dev/zero', link);
    expect((await loadError(link, 'scenario')).message).toBe(`scenario file ${link}: is not a regular file (a character device); expected a file`);
    expect((await loadError(dir, 'scenario')).message).toMatch(/unsupported extension/);
    const sub = join(dir, 'dir.yaml');
    await mkdir(sub);
    expect((await loadError(sub, 'scenario')).message).toBe(`scenario file ${sub}: is a directory, expected a file`);
  });

  it('refuses a file too large to be a budget', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'perfgate-load-big-'));
    const big = join(dir, 'big.budget.yaml');
    await writeFile(big, `# ${'x'.repeat(MAX_INPUT_BYTES)}\n`);
    expect((await loadError(big)).message).toBe(`budget file ${big}: is larger than 16 MB; expected a small text file`);
  });
});

describe('loadConfigFile: JSON is JSON, YAML is YAML', () => {
  let dir: string;
  const file = async (name: string, text: string) => {
    await writeFile(join(dir, name), text);
    return join(dir, name);
  };
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'perfgate-load-json-'));
  });

  it('parses .json with JSON.parse: a trailing comma is an error, with its line and column', async () => {
    const path = await file('comma.budget.json', '{\n  "version": 1,\n  "rules": [],\n}\n');
    expect((await loadError(path)).message).toBe(`budget file ${path}: not valid JSON (line 4, column 1: Expected double-quoted property name)`);
    const truncated = await file('truncated.budget.json', '{\n  "version": 1,\n  "rules": [');
    expect((await loadError(truncated)).message).toBe(`budget file ${truncated}: not valid JSON (line 3, column 13: unexpected end of the file)`);
    const yamlish = await file('yamlish.budget.json', 'version: 1\n');
    expect((await loadError(yamlish)).message).toBe(`budget file ${yamlish}: not valid JSON (line 1, column 1: Unexpected token 'v')`);
    const token = await file('token.budget.json', '{\n  "rules": [1, 2],\n  "version": x\n}');
    expect((await loadError(token)).message).toBe(`budget file ${token}: not valid JSON (line 3, column 14: Unexpected token 'x')`);
  });

  it('refuses a JSON key given twice (JSON.parse would keep the last silently)', async () => {
    const path = await file('dup.budget.json', '{"version": 1,\n  "rules": [], "rules": []}');
    expect((await loadError(path)).message).toBe(`budget file ${path}: not valid JSON (line 2, column 16: key "rules" given twice; expected each key once)`);
  });

  it('reads JSON with a byte-order mark', async () => {
    const path = await file('bom.config.json', '\uFEFF{"rounds": 3}');
    expect(await loadConfigFile(path, 'config')).toEqual({ rounds: 3 });
  });

  it('names YAML errors and warnings with their line, and empty files', async () => {
    const dup = await file('dup.budget.yaml', 'version: 1\nversion: 1\n');
    expect((await loadError(dup)).message).toBe(`budget file ${dup}: not valid YAML (Map keys must be unique at line 2, column 1)`);
    const tag = await file('tag.budget.yaml', 'version: !one 1\n');
    expect((await loadError(tag)).message).toBe(`budget file ${tag}: not valid YAML (Unresolved tag: !one at line 1, column 10)`);
    const empty = await file('empty.budget.yaml', '# nothing yet\n');
    expect((await loadError(empty)).message).toBe(`budget file ${empty}: is empty (or only comments); expected a YAML mapping`);
    const emptyJson = await file('empty.budget.json', '  \n');
    expect((await loadError(emptyJson)).message).toBe(`budget file ${emptyJson}: is empty; expected a JSON object`);
  });
});

// Node exits 13, silently, when its event loop empties while the entry module awaits: the CLI must still say why.
describe('the CLI and a default export that never resolves', () => {
  it('exits 2 naming the file, not 13', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'perfgate-load-cli-'));
    const path = join(dir, 'never.budget.ts');
    await writeFile(path, 'export default new Promise(() => {});\n');
    const r = await runCli(['run', '--url', 'http://127.0.0.1:9', '--budgets', path]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`perfgate: budget file ${path}: default export did not resolve within ${EXPORT_TIMEOUT_S} s\n`);
  }, 60_000);
});
