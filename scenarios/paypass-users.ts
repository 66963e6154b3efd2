import { seedCredentials } from '../system-under-test/db/generate.ts';
import type { ScenarioInput, StepResponse, UserSocket } from '../cli/src/index.ts';

/** PayPass's seeded logins: those perfgate hands over for a PayPass it started, else the generator's documented ones. */
export function paypassCredentials(given: { email: string; password: string }[]): { email: string; password: string }[] {
  const credentials = given.length > 0 ? given : seedCredentials(50);
  if (credentials.length < 2) throw new Error('the PayPass scenarios need at least two seeded logins');
  return credentials;
}

export interface PaypassSession {
  userId: string;
  token: string;
}

/** PayPass tokens are `base64url(JSON {sub, exp}).signature`; the subject is the user id. */
export function userIdOf(token: string): string {
  return (JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as { sub: string }).sub;
}

export async function login(baseUrl: string, credential: { email: string; password: string }, signal?: AbortSignal): Promise<PaypassSession> {
  const response = await fetch(`${baseUrl}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(credential), signal });
  if (!response.ok) throw new Error(`login as ${credential.email} failed: HTTP ${response.status}`);
  const { token } = (await response.json()) as { token: string };
  return { token, userId: userIdOf(token) };
}

/**
 * Logs every credential in, a few at a time (each login is a deliberately slow hash on the server). With
 * `skipRefused`, a login the server refuses (a seeded user who is not active) is left out rather than fatal.
 */
export async function loginAll(baseUrl: string, credentials: { email: string; password: string }[], signal?: AbortSignal, skipRefused = false): Promise<PaypassSession[]> {
  const sessions: PaypassSession[] = [];
  const one = (c: { email: string; password: string }) =>
    login(baseUrl, c, signal).catch((error: unknown) => (skipRefused && !signal?.aborted ? undefined : Promise.reject(error)));
  for (let i = 0; i < credentials.length; i += 4) {
    for (const s of await Promise.all(credentials.slice(i, i + 4).map(one))) if (s) sessions.push(s);
  }
  return sessions;
}

/** The browser's way in: the token as a subprotocol beside `paypass`, out of URLs and logs. */
export function paypassSocket(token: string): UserSocket {
  return { path: '/ws', protocols: ['paypass', `bearer.${token}`] };
}

/**
 * Whom the account at `place` in the ring pays: the next one round it. Every account pays and is paid at the same
 * rate (each one is held by as many virtual users), so balances stay level however long the run.
 */
export function nextInRing(sessions: PaypassSession[], place: number): string {
  return sessions[(place + 1) % sessions.length]!.userId;
}

/** The sender's `payment_update` for the payment this response accepted: true when completed, 'failed' when failed. */
export function paymentSettled(message: unknown, response: StepResponse): boolean | 'failed' | undefined {
  const m = message as { type?: string; paymentId?: string; status?: string; role?: string };
  if (m.type !== 'payment_update' || m.role !== 'sender' || m.paymentId !== (response.json() as { id?: string }).id) return undefined;
  if (m.status === 'completed') return true;
  return m.status === 'failed' ? 'failed' : undefined;
}

/** The Authorization header of a virtual user's session. */
export function bearerOf(session: Record<string, unknown> | undefined): { authorization: string } {
  return { authorization: `Bearer ${String(session?.token)}` };
}

type FlowStepInput = NonNullable<ScenarioInput['flows']>[number]['steps'][number];

/**
 * A virtual user's payment to the next account in the ring, timed until the sender's `payment_update` says it
 * completed: the same step in every PayPass users scenario. Small amounts: however unevenly the ring's users happen
 * to be picked, no balance runs dry.
 */
export function payNextInRing(label: string, awaited: { name: string; timeout: number; delivery?: boolean }): FlowStepInput {
  return {
    name: 'POST /payments (async)',
    method: 'POST',
    path: '/payments',
    headers: ({ session, uuid }) => ({ ...bearerOf(session), 'idempotency-key': uuid }),
    body: ({ vars, session, seq }) => ({
      recipientId: nextInRing(vars.sessions as PaypassSession[], Number(session?.place)),
      amount: 1 + (seq % 99),
      currency: 'USD',
      description: `${label} ${seq}`,
    }),
    expect: [202],
    await: {
      name: awaited.name,
      match: paymentSettled,
      // The server stamps each update: on one machine its clock is the generator's, so delivery can be timed.
      ...(awaited.delivery ? { sentAt: (message: unknown) => Date.parse((message as { timestamp?: string }).timestamp ?? '') } : {}),
      timeout: awaited.timeout,
    },
  };
}
