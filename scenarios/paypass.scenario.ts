import { defineScenario } from '../cli/src/index.ts';
import { seedCredentials } from '../system-under-test/db/generate.ts';

interface Session {
  userId: string;
  token: string;
}

/** PayPass tokens are `base64url(JSON {sub, exp}).signature`; the subject is the user id. */
function userIdOf(token: string): string {
  const payload = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as { sub: string };
  return payload.sub;
}

/** The session that sends request `seq`: round the ring of logged-in users. */
function bearer(vars: Record<string, unknown>, seq: number): { authorization: string } {
  const sessions = vars.sessions as Session[];
  return { authorization: `Bearer ${sessions[seq % sessions.length]!.token}` };
}

/** Who that sender pays: the next user in the ring, so every balance stays level. */
function nextInRing(vars: Record<string, unknown>, seq: number): string {
  const sessions = vars.sessions as Session[];
  return sessions[(seq + 1) % sessions.length]!.userId;
}

// The standards' four kinds of endpoint: health, auth, payments (write) and data queries (read).
// Payments go round a ring of seeded users (i pays i+1) in small amounts, so balances stay level however long the run.
export default defineScenario({
  name: 'paypass-core',
  description: 'health, login, payment, cross-border payment, list payments (cursor pagination)',
  connections: 10,
  duration: 3,
  rounds: 5,
  warmup: 1,
  async setup({ baseUrl, credentials: given }) {
    // perfgate hands over the logins of a PayPass it started; a PayPass started elsewhere (npm run paypass, compose)
    // has the generator's documented seed users.
    const credentials = given.length > 0 ? given : seedCredentials(20);
    if (credentials.length < 2) throw new Error('the PayPass scenario needs at least two seeded logins');
    const sessions: Session[] = [];
    for (const credential of credentials.slice(0, 20)) {
      const response = await fetch(`${baseUrl}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(credential),
      });
      if (!response.ok) throw new Error(`login as ${credential.email} failed: HTTP ${response.status}`);
      const { token } = (await response.json()) as { token: string };
      sessions.push({ token, userId: userIdOf(token) });
    }
    return { sessions, credentials };
  },
  requests: [
    { method: 'GET', path: '/health' },
    {
      name: 'POST /auth/login',
      method: 'POST',
      path: '/auth/login',
      // Logins are a small share of real traffic and each one is a deliberately slow scrypt hash. Two back-to-back
      // connections are ~40 logins/s sustained (a busy hour's peak for this system); ten would measure how long
      // the hashes queue for the machine's cores, not how long a login takes.
      connections: 2,
      body: ({ vars, seq }) => {
        const credentials = vars.credentials as { email: string; password: string }[];
        return credentials[seq % credentials.length];
      },
    },
    {
      name: 'POST /payments',
      method: 'POST',
      // sync=true waits for the queue to settle the payment, so latency covers fraud checks and the ledger write.
      path: '/payments?sync=true',
      headers: ({ vars, seq, uuid }) => ({ ...bearer(vars, seq), 'idempotency-key': uuid }),
      body: ({ vars, seq }) => ({ recipientId: nextInRing(vars, seq), amount: 100 + (seq % 900), currency: 'USD', description: `load ${seq}` }),
      expect: [201],
    },
    {
      // Cross-border through the FX providers (quotes cached 30 s) and the FX house accounts of both currencies.
      name: 'POST /payments cross-border',
      method: 'POST',
      path: '/payments?sync=true',
      headers: ({ vars, seq, uuid }) => ({ ...bearer(vars, seq), 'idempotency-key': uuid }),
      body: ({ vars, seq }) => {
        // Alternate USD→EUR and EUR→USD round the ring, so no one's balance drains in either currency.
        const [currency, targetCurrency] = seq % 2 === 0 ? ['USD', 'EUR'] : ['EUR', 'USD'];
        return { recipientId: nextInRing(vars, seq), amount: 100 + (seq % 900), currency, targetCurrency, description: `fx ${seq}` };
      },
      expect: [201],
    },
    {
      name: 'GET /payments',
      method: 'GET',
      path: '/payments?limit=20',
      headers: ({ vars, seq }) => bearer(vars, seq),
    },
  ],
});
