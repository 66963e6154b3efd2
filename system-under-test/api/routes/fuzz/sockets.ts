import fc from 'fast-check';
import { connect } from '../../../testing/ws-client.ts';
import { authSpec, authorize, type AuthSpec } from './auth-spec.ts';
import type { FuzzContext } from './fuzz-case.ts';

export type SocketSpec = { auth: AuthSpec; via: 'query' | 'protocol' };

export const socketSpec = (ctx: FuzzContext): fc.Arbitrary<SocketSpec> =>
  fc.record({ auth: authSpec(ctx.users.length, 3), via: fc.constantFrom('query' as const, 'protocol' as const) });

// What a subprotocol may hold (RFC 6455's token characters); any other token travels in the query.
const SUBPROTOCOL = /^[!#$%&'*+\-.0-9A-Z^_`|a-z~]+$/;

/**
 * Opens /ws with a spec's token and says what happened: 'open' (initial_data of the token's user arrived) or the
 * close code. A socket opens for a seeded user's exact token only; for anything else it closes with 1008, a token
 * this issuer signed for a well-formed id that is nobody's included (the socket checks the user, as routes do).
 */
export async function trySocket(spec: SocketSpec, ctx: FuzzContext, base: string): Promise<{ outcome: string; expected: string; why: string }> {
  const { header, user } = authorize(spec.auth, ctx);
  const token = header?.startsWith('Bearer ') ? header.slice(7) : (header ?? '');
  const owner = ctx.users.findIndex((u) => u.token === token);
  const expected = owner >= 0 ? 'open' : 'close 1008';
  const s = spec.via === 'protocol' && SUBPROTOCOL.test(`bearer.${token}`) ? connect(base, ['paypass', `bearer.${token}`]) : connect(`${base}?token=${encodeURIComponent(token)}`);
  try {
    const outcome = await Promise.race([
      s
        .next((m) => m.type === 'initial_data', 10_000)
        .then((m) => {
          const balances = m.balances as unknown[];
          const recent = m.recentTransactions as { senderId: string; recipientId: string }[];
          const me = owner >= 0 ? ctx.users[owner]!.id : null;
          if (me === null && (balances.length > 0 || recent.length > 0)) return 'open with someone’s data';
          if (me !== null && recent.some((t) => t.senderId !== me && t.recipientId !== me)) return 'open with another user’s transactions';
          return 'open';
        }),
      s.closed.then((c) => `close ${c.code}`),
    ]);
    return { outcome, expected, why: `${spec.auth.kind} token via ${spec.via} (${user === null ? 'no user' : `user ${user}`})` };
  } finally {
    s.ws.terminate();
  }
}
