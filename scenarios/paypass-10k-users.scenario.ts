import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { defineScenario } from '../cli/src/index.ts';
import { loginAll, payNextInRing, paypassCredentials, paypassSocket, type PaypassSession } from './paypass-users.ts';
import { seedCredentials } from '../system-under-test/db/generate.ts';

// The standards' concurrentUsers > 10,000: ten thousand users hold an authenticated WebSocket to PayPass (as many
// browsers on its dashboard) while 1 % of them pay, one payment every two seconds each (50 payments/s, open model).
// Measured: `websocket connect` (handshake time, failures, users.connected), `payment settled` (from the POST to
// the sender's `completed` update), `payment settled delivery` (from the server sending the update to its arrival)
// and the server's memory per connection. Judge with budgets/paypass-10k.budget.ts.
const USERS = 10_000;
/** Accounts the users are signed in as: 20 sockets each, as many devices; each update reaches all of them. */
const ACCOUNTS = 500;

/** Sockets need file descriptors: this process holds one per user, beyond Debian's default limit of 1,024 (root may raise it). */
function raiseFileLimit(needed: number): void {
  const soft = Number(/Max open files\s+(\d+)/.exec(readFileSync('/proc/self/limits', 'utf8'))?.[1] ?? Infinity);
  if (soft >= needed) return;
  try {
    execFileSync('prlimit', ['--pid', String(process.pid), `--nofile=${needed}:${needed}`], { stdio: 'ignore' });
  } catch {
    throw new Error(`${USERS} users need ${needed} open files and this process may open ${soft}; raise it (ulimit -n ${needed}) and run again`);
  }
}

export default defineScenario({
  name: 'paypass-10k-users',
  description: '10,000 users holding a WebSocket; 1 % of them pay every 2 s; connect time, delivery latency, memory per connection',
  model: 'open',
  rate: (USERS * 0.01) / 2,
  duration: 10,
  rounds: 2,
  warmup: 2,
  timeout: 30,
  users: {
    count: USERS,
    connectRate: 1000,
    async session({ user, vars }) {
      const sessions = vars.sessions as PaypassSession[];
      return { place: user % sessions.length, ...sessions[user % sessions.length] };
    },
    websocket: ({ session }) => paypassSocket(String(session?.token)),
  },
  async setup({ baseUrl, credentials, signal }) {
    // One socket per user here (the server holds the other end in its own process), plus HTTP and the runtime.
    raiseFileLimit(USERS + 2048);
    // perfgate hands over PayPass's always-active logins, and
    const given = paypassCredentials(credentials);
    // every seeded user has the documented password (a few are inactive: their logins are refused and left out).
    const more = seedCredentials(ACCOUNTS * 2, ACCOUNTS * 2).filter((c) => !given.some((g) => g.email === c.email));
    const sessions = await loginAll(baseUrl, [...given, ...more].slice(0, ACCOUNTS + 10), signal, true);
    if (sessions.length < ACCOUNTS / 2) throw new Error(`only ${sessions.length} of PayPass's seeded users could log in; expected about ${ACCOUNTS}`);
    return { sessions: sessions.slice(0, ACCOUNTS) };
  },
  setupTimeout: 120,
  flows: [
    {
      name: 'pay',
      steps: [payNextInRing('10k', { name: 'payment settled', timeout: 15, delivery: true })],
    },
  ],
});
