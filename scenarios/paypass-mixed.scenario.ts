import { defineScenario } from '../cli/src/index.ts';
import { bearerOf, login, loginAll, payNextInRing, paypassCredentials, paypassSocket } from './paypass-users.ts';

// Traffic as PayPass's users make it: each virtual user logs in once (its own session and WebSocket), then reads its
// dashboard, lists payments, pays someone and watches the payment complete on the WebSocket, or opens analytics —
// with think time between steps. Stages: ramp up to normal load, hold it, a 5× peak (the standards'
// peakLoadHandling), and back down. Measured per endpoint and per stage (`POST /payments @ peak`).
// Gating stays with the per-endpoint scenario (paypass.scenario.ts); run this one with --scenario.
const NORMAL_USERS = 8;
/** Accounts the users pay round; the peak's 40 users are two per account. */
const RING = 20;

export default defineScenario({
  name: 'paypass-mixed',
  description: 'virtual users: dashboard, payments list, pay and await completion, analytics; ramp, steady, 5x peak, ramp-down',
  rounds: 3,
  warmup: 2,
  users: {
    count: NORMAL_USERS * 5,
    think: [0.05, 0.25],
    // Each user logs in as one account of the ring (as many users per account), as a person on one of their devices.
    async session({ baseUrl, user, vars, signal }) {
      const ring = vars.ring as { email: string; password: string }[];
      return { place: user % ring.length, ...(await login(baseUrl, ring[user % ring.length]!, signal)) };
    },
    websocket: ({ session }) => paypassSocket(String(session?.token)),
  },
  async setup({ baseUrl, credentials: given, signal }) {
    const ring = paypassCredentials(given).slice(0, RING);
    // Recipients for payments: every ring account's user id, read from a login each.
    return { ring, sessions: await loginAll(baseUrl, ring, signal) };
  },
  stages: [
    { name: 'ramp-up', duration: 2, target: NORMAL_USERS },
    { name: 'steady', duration: 4, target: NORMAL_USERS },
    { name: 'peak', duration: 4, target: NORMAL_USERS * 5 },
    { name: 'ramp-down', duration: 2, target: 0 },
  ],
  flows: [
    {
      name: 'dashboard',
      weight: 4,
      steps: [
        { name: 'GET /me/balances', path: '/me/balances', headers: ({ session }) => bearerOf(session) },
        { name: 'GET /payments', path: '/payments?limit=20', headers: ({ session }) => bearerOf(session) },
      ],
    },
    {
      name: 'pay',
      weight: 2,
      steps: [payNextInRing('mixed', { name: 'payment completed', timeout: 10 })],
    },
    {
      name: 'analytics',
      weight: 1,
      steps: [{ name: 'GET /analytics/daily', path: '/analytics/daily', headers: ({ session }) => bearerOf(session) }],
    },
  ],
});
