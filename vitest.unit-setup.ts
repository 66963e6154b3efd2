// Set-up of every file of the unit tier (the `unit` project in vitest.config.ts): reaching PostgreSQL or Redis, or
// launching a browser, fails the test — in this process, and in the Node processes it starts (the perfgate CLI),
// even when the code under test handles the error it gets.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, expect } from 'vitest';
import { installUnitGuard } from './vitest.unit-guard.js';

const guard = installUnitGuard();

// Child processes preload the guard and log what it refused here.
const logDir = mkdtempSync(join(tmpdir(), 'perfgate-unit-guard-'));
const log = join(logDir, 'refused.log');
writeFileSync(log, '');
const preload = `--import=${new URL('./vitest.unit-guard.js', import.meta.url).href}`;
process.env.PERFGATE_UNIT_GUARD_LOG = log;
process.env.PERFGATE_UNIT_GUARD_PID = String(process.pid);
if (!process.env.NODE_OPTIONS?.includes(preload)) process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} ${preload}`.trim();

function expectNothingRefused(): void {
  const refused = [...guard.blocked.splice(0).map((e) => e.message), ...readFileSync(log, 'utf8').split('\n').filter(Boolean)];
  writeFileSync(log, '');
  expect(refused, 'a unit test reached a service').toEqual([]);
}

afterEach(expectNothingRefused);
afterAll(() => {
  try {
    expectNothingRefused();
  } finally {
    rmSync(logDir, { recursive: true, force: true });
  }
});
