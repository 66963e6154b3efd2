import { defineScenario } from '../cli/src/index.ts';
import { loginAll, nextInRing, paypassCredentials, type PaypassSession } from '../scenarios/paypass-users.ts';

/** The normal payment rate (payments accepted per second); the overload is 5× it. */
export const NORMAL_RATE = Number(process.env.BENCH_NORMAL_RATE ?? 200);
export const STAGE_SECONDS = Number(process.env.BENCH_STAGE_SECONDS ?? 15);

// POST /payments accepted (202), not settled: what piles up past capacity is the queue's backlog, which backpressure
// watches. Open model: requests are sent at the stage's rate whether or not earlier ones were answered.
export default defineScenario({
  name: 'paypass-overload',
  description: 'POST /payments at the normal rate, 5x it, then normal again',
  model: 'open',
  maxConnections: 256,
  rounds: 1,
  warmup: 1,
  timeout: 30,
  async setup({ baseUrl, credentials, signal }) {
    return { sessions: await loginAll(baseUrl, paypassCredentials(credentials).slice(0, 20), signal) };
  },
  // A stage's target is the rate at its end (reached linearly): one-second steps, then holds.
  stages: [
    { name: 'step to normal', duration: 1, target: NORMAL_RATE },
    { name: 'normal', duration: STAGE_SECONDS, target: NORMAL_RATE },
    { name: 'step to 5x', duration: 1, target: NORMAL_RATE * 5 },
    { name: '5x', duration: STAGE_SECONDS, target: NORMAL_RATE * 5 },
    { name: 'step back', duration: 1, target: NORMAL_RATE },
    { name: 'after', duration: STAGE_SECONDS, target: NORMAL_RATE },
  ],
  requests: [
    {
      name: 'POST /payments',
      method: 'POST',
      path: '/payments',
      headers: ({ vars, seq, uuid }) => {
        const sessions = vars.sessions as PaypassSession[];
        return { authorization: `Bearer ${sessions[seq % sessions.length]!.token}`, 'idempotency-key': uuid };
      },
      body: ({ vars, seq }) => ({
        recipientId: nextInRing(vars.sessions as PaypassSession[], seq % (vars.sessions as PaypassSession[]).length),
        amount: 100 + (seq % 900),
        currency: 'USD',
      }),
      expect: [202],
    },
  ],
});
