import { defineScenario } from '../cli/src/index.ts';
import { bearerOf, loginAll, nextInRing, paymentSettled, paypassCredentials, paypassSocket, type PaypassSession } from './paypass-users.ts';

// Payments as their senders see them: POST /payments answers 202 at once, and the payment counts as done when the
// sender's WebSocket says `completed`. Payments start at a fixed rate (open model), whatever the earlier ones are
// doing, so a slow queue shows as a growing processing time rather than as fewer payments sent. Measured:
// `payment settled` (processing time p95 < 3 s, success rate > 99.5 %, completed payments per second > 500) and
// `cross-border payment settled` (< 5 s). Judge with budgets/paypass-e2e.budget.ts.
// Every account a few users (devices): each of them hears every update of its account, and a thousand sockets per
// account would have the generator parsing tens of thousands of messages a second.
const RING = 50;

const pay = (crossBorder: boolean) => ({
  name: crossBorder ? 'POST /payments cross-border (async)' : 'POST /payments (async)',
  method: 'POST' as const,
  path: '/payments',
  headers: ({ session, uuid }: { session?: Record<string, unknown>; uuid: string }) => ({ ...bearerOf(session), 'idempotency-key': uuid }),
  body: ({ vars, session, seq }: { vars: Record<string, unknown>; session?: Record<string, unknown>; seq: number }) => {
    // Cross-border alternates USD→EUR and EUR→USD, so no one's balance drains in either currency.
    const [currency, targetCurrency] = seq % 2 === 0 ? ['USD', 'EUR'] : ['EUR', 'USD'];
    return {
      recipientId: nextInRing(vars.sessions as PaypassSession[], Number(session?.place)),
      // Small amounts: however unevenly the ring's users happen to be picked, no balance runs dry.
      amount: 1 + (seq % 99),
      currency: crossBorder ? currency : 'USD',
      ...(crossBorder ? { targetCurrency } : {}),
      description: `e2e ${seq}`,
    };
  },
  expect: [202],
  await: {
    name: crossBorder ? 'cross-border payment settled' : 'payment settled',
    match: paymentSettled,
    timeout: 15,
  },
});

export default defineScenario({
  name: 'paypass-payments-e2e',
  description: 'payments at a fixed rate, each timed until its payment_update completed arrives on the sender WebSocket',
  model: 'open',
  // The standards' 500 TPS, domestic and cross-border together.
  rate: 500,
  duration: 5,
  rounds: 3,
  warmup: 2,
  users: {
    // The users payments are started on. A payment due while all are busy waits for one, timed from when it was due.
    count: 150,
    async session({ user, vars }) {
      const sessions = vars.sessions as PaypassSession[];
      return { place: user % sessions.length, ...sessions[user % sessions.length] };
    },
    websocket: ({ session }) => paypassSocket(String(session?.token)),
  },
  async setup({ baseUrl, credentials, signal }) {
    return { sessions: await loginAll(baseUrl, paypassCredentials(credentials).slice(0, RING), signal) };
  },
  flows: [
    { name: 'pay', weight: 9, steps: [pay(false)] },
    { name: 'pay cross-border', weight: 1, steps: [pay(true)] },
  ],
});
