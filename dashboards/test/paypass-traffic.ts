/**
 * A little of everything PayPass does, in a closed loop of a few users, so that every series the dashboards and
 * rules read exists: health checks, logins, p2p and cross-border payments settled synchronously (processing, fraud
 * analysis, FX), payment lists and lookups, balances. Stops when told, or by itself after `maxSeconds`.
 */
export interface Traffic {
  /** Requests answered so far, by status code. */
  statuses: Map<number, number>;
  stop(): Promise<void>;
}

interface Session {
  userId: string;
  token: string;
}

const USERS = 4;

export async function startTraffic(baseUrl: string, credentials: { email: string; password: string }[], maxSeconds = 120): Promise<Traffic> {
  if (credentials.length < USERS) throw new Error(`traffic needs ${USERS} seeded users, PayPass has ${credentials.length}`);
  const statuses = new Map<number, number>();
  const call = async (path: string, init: RequestInit = {}, token?: string): Promise<Response> => {
    const headers: Record<string, string> = { ...(init.headers as Record<string, string>) };
    if (init.body) headers['content-type'] = 'application/json';
    if (token) headers.authorization = `Bearer ${token}`;
    const response = await fetch(`${baseUrl}${path}`, { ...init, headers });
    statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    return response;
  };
  const login = async (credential: { email: string; password: string }): Promise<Session> => {
    const response = await call('/auth/login', { method: 'POST', body: JSON.stringify(credential) });
    if (!response.ok) throw new Error(`login as ${credential.email}: HTTP ${response.status}`);
    const { token } = (await response.json()) as { token: string };
    // PayPass tokens are base64url(JSON {sub, exp}).signature; the subject is the user id.
    const { sub } = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as { sub: string };
    return { userId: sub, token };
  };
  const sessions = await Promise.all(credentials.slice(0, USERS).map(login));

  let stopped = false;
  const deadline = Date.now() + maxSeconds * 1000;
  // User i pays user i+1 small amounts, so balances stay level however long it runs.
  const loop = async (i: number): Promise<void> => {
    const me = sessions[i]!;
    const next = sessions[(i + 1) % sessions.length]!;
    for (let n = 0; !stopped && Date.now() < deadline; n++) {
      await call('/health');
      const paid = await call(
        '/payments?sync=true',
        { method: 'POST', headers: { 'idempotency-key': `traffic-${i}-${n}-${Date.now()}` }, body: JSON.stringify({ recipientId: next.userId, amount: 100 + n, currency: 'USD' }) },
        me.token,
      );
      const payment = (await paid.json()) as { id?: string };
      if (payment.id) await (await call(`/payments/${payment.id}`, {}, me.token)).arrayBuffer();
      await (await call('/payments?limit=5', {}, me.token)).arrayBuffer();
      await (await call('/me/balances', {}, me.token)).arrayBuffer();
      if (n % 4 === 0) {
        const crossBorder = { recipientId: next.userId, amount: 1_000 + n, currency: 'USD', targetCurrency: 'EUR' };
        await (
          await call('/payments?sync=true', { method: 'POST', headers: { 'idempotency-key': `traffic-xb-${i}-${n}-${Date.now()}` }, body: JSON.stringify(crossBorder) }, me.token)
        ).arrayBuffer();
      }
      // Logins are slow on purpose (a password hash): a few are enough.
      if (n % 10 === 0) await login(credentials[i]!);
    }
  };
  const loops = Promise.all(sessions.map((_, i) => loop(i)));
  loops.catch(() => undefined); // reported by stop()
  return {
    statuses,
    stop: async () => {
      stopped = true;
      await loops;
    },
  };
}
