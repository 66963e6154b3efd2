// The unit tier's guard: in a process that loads it, reaching PostgreSQL or Redis, or launching a browser, PostgreSQL
// or Redis, fails at once with an error that says why. The unit tier loads it in every test file (vitest.unit-setup.ts)
// and, through NODE_OPTIONS, in every Node process those tests start (the perfgate CLI run by cli/test/run-cli.ts).
// Plain JavaScript, so that Node can preload it without a TypeScript loader.
import childProcess from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';
import path from 'node:path';

/** Ports of the services the integration tier provides (PostgreSQL, Redis). */
const SERVICE_PORTS = new Map([
  [5432, 'PostgreSQL'],
  [6379, 'Redis'],
]);
/** Programs the integration tier provides: browsers for Lighthouse and puppeteer, database and cache servers. */
const SERVICE_PROGRAMS = /^(chromium|chromium-browser|chrome|google-chrome(-\w+)?|chrome-headless-shell|headless_shell|postgres|initdb|pg_ctl|redis-server)(\.exe)?$/i;

const INSTALLED = Symbol.for('perfgate.unitGuard');

/**
 * Installs the guard in this process (once; later calls only add their listener). `onBlocked` hears of each refused
 * attempt, before it fails.
 * @param {(error: Error) => void} [onBlocked]
 * @returns {{ blocked: Error[] }}
 */
export function installUnitGuard(onBlocked) {
  const installed = globalThis[INSTALLED];
  if (installed) {
    if (onBlocked) installed.listeners.push(onBlocked);
    return installed;
  }
  const state = { blocked: [], listeners: onBlocked ? [onBlocked] : [] };
  globalThis[INSTALLED] = state;

  const refuse = (what) => {
    const error = new Error(
      `unit tier: ${what} — a unit test needs no PostgreSQL, Redis or browser; if this test needs one, list its file among the integration tests in vitest.config.ts`,
    );
    error.code = 'PERFGATE_UNIT_TIER';
    state.blocked.push(error);
    for (const listener of state.listeners) listener(error);
    return error;
  };

  const connect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function guardedConnect(...args) {
    // net.connect() passes its normalized arguments as one array: [options, callback].
    const first = Array.isArray(args[0]) ? args[0][0] : args[0];
    const options =
      typeof first === 'object' && first !== null
        ? first
        : /^\d+$/.test(String(first))
          ? { port: Number(first), host: typeof args[1] === 'string' ? args[1] : undefined }
          : { path: first };
    const port = Number(options.port);
    const service = SERVICE_PORTS.get(port) ?? (typeof options.path === 'string' && /\.s\.PGSQL\.\d+$/.test(options.path) ? 'PostgreSQL' : undefined);
    if (service) {
      const error = refuse(`connection to ${service} at ${options.host ?? options.path ?? 'localhost'}${port ? `:${port}` : ''} refused`);
      process.nextTick(() => this.destroy(error));
      return this;
    }
    return connect.apply(this, args);
  };

  // spawn/execFile name the program; exec takes a shell command line, whose first word is the program.
  const guardProgram = (name, programOf) => {
    const original = childProcess[name];
    childProcess[name] = function guardedChildProcess(command, ...rest) {
      const program = path.basename(programOf(String(command)));
      if (SERVICE_PROGRAMS.test(program)) throw refuse(`${name}(${program}) refused`);
      return original.call(this, command, ...rest);
    };
  };
  for (const name of ['spawn', 'spawnSync', 'execFile', 'execFileSync']) guardProgram(name, (file) => file);
  for (const name of ['exec', 'execSync']) guardProgram(name, (line) => line.trim().split(/\s+/)[0] ?? '');
  // `import { spawn } from 'node:child_process'` sees the guarded functions too.
  syncBuiltinESMExports();
  return state;
}

// Preloaded with `node --import` in a child process of a unit test: install, and write each refusal to the log the
// test's process reads after every test (the child may well handle the error, and the test still pass).
const log = process.env.PERFGATE_UNIT_GUARD_LOG;
if (log && process.env.PERFGATE_UNIT_GUARD_PID !== String(process.pid)) {
  installUnitGuard((error) => appendFileSync(log, `${error.message} (in child process ${process.pid})\n`));
}
