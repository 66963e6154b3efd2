import fc from 'fast-check';
import { TokenService } from '../../services/tokens.ts';
import type { FuzzContext } from './fuzz-case.ts';

/** Who a request claims to be: a seeded user's exact token, or one of the ways a token can be wrong. */
export type AuthSpec =
  | { kind: 'user'; user: number }
  | { kind: 'none' }
  | { kind: 'mutated'; user: number; edit: 'append' | 'insert' | 'delete' | 'replace' | 'case'; at: number; text: string }
  | { kind: 'garbage'; header: string }
  | { kind: 'expired'; user: number }
  | { kind: 'foreign'; user: number }
  | { kind: 'subject'; subject: string }
  | { kind: 'scheme'; user: number; form: 'lower' | 'double-space' | 'tab' | 'basic' | 'bare' | 'trailing' }
  | { kind: 'operator' };

const HEADER_CHARS = fc.string({ unit: fc.integer({ min: 0, max: 0xff }).map((c) => String.fromCharCode(c)), maxLength: 80 });
const TOKEN_CHARS = fc.string({ unit: fc.constantFrom(...'ABCxyz019-_.=!*%~+/ \u00e9\u0000'), minLength: 1, maxLength: 3 });

export function authSpec(users: number, validWeight = 6): fc.Arbitrary<AuthSpec> {
  const user = fc.nat({ max: users - 1 });
  return fc.oneof(
    { weight: validWeight, arbitrary: fc.record({ kind: fc.constant('user' as const), user }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'none' as const }) },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('mutated' as const),
        user,
        edit: fc.constantFrom('append' as const, 'insert' as const, 'delete' as const, 'replace' as const, 'case' as const),
        at: fc.double({ min: 0, max: 1, noNaN: true }),
        text: TOKEN_CHARS,
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('garbage' as const), header: HEADER_CHARS }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('expired' as const), user }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('foreign' as const), user }) },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('subject' as const),
        subject: fc.oneof(
          fc.uuid(),
          fc.uuid().map((u) => u.toUpperCase()),
          fc.string({ maxLength: 40 }),
        ),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('scheme' as const),
        user,
        form: fc.constantFrom('lower' as const, 'double-space' as const, 'tab' as const, 'basic' as const, 'bare' as const, 'trailing' as const),
      }),
    },
    { weight: 1, arbitrary: fc.constant({ kind: 'operator' as const }) },
  );
}

function edit(token: string, how: Extract<AuthSpec, { kind: 'mutated' }>): string {
  const at = Math.min(token.length - 1, Math.floor(how.at * token.length));
  switch (how.edit) {
    case 'append':
      return token + how.text;
    case 'insert':
      return token.slice(0, at) + how.text + token.slice(at);
    case 'delete':
      return token.slice(0, at) + token.slice(at + 1);
    case 'replace':
      return token.slice(0, at) + how.text[0] + token.slice(at + 1);
    case 'case': {
      const c = token[at]!;
      return token.slice(0, at) + (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()) + token.slice(at + 1);
    }
  }
}

const foreignIssuer = new TokenService('a different issuer');

/**
 * The Authorization header of a spec, and the user it authenticates: a seeded user only when the header is exactly
 * `Bearer <that user's token>` (an edit that changes nothing, such as upper-casing a digit, leaves a valid token).
 */
export function authorize(spec: AuthSpec, ctx: FuzzContext): { header: string | undefined; user: number | null } {
  const exact = (header: string | undefined) => {
    const user = ctx.users.findIndex((u) => header === `Bearer ${u.token}`);
    return { header, user: user >= 0 ? user : null };
  };
  switch (spec.kind) {
    case 'user':
      return exact(`Bearer ${ctx.users[spec.user]!.token}`);
    case 'none':
      return { header: undefined, user: null };
    case 'mutated':
      return exact(`Bearer ${edit(ctx.users[spec.user]!.token, spec)}`);
    case 'garbage':
      return exact(spec.header);
    case 'expired':
      return exact(`Bearer ${ctx.tokens.issue(ctx.users[spec.user]!.id, Date.now() - 2 * 3600_000)}`);
    case 'foreign':
      return exact(`Bearer ${foreignIssuer.issue(ctx.users[spec.user]!.id)}`);
    case 'subject':
      // A random subject is nobody's id (and a seeded id in capitals is not the canonical form).
      return { header: `Bearer ${ctx.tokens.issue(spec.subject)}`, user: null };
    case 'scheme': {
      const token = ctx.users[spec.user]!.token;
      const forms = { lower: `bearer ${token}`, 'double-space': `Bearer  ${token}`, tab: `Bearer\t${token}`, basic: `Basic ${token}`, bare: token, trailing: `Bearer ${token} x` };
      return { header: forms[spec.form], user: null };
    }
    case 'operator':
      return { header: `Bearer ${ctx.operator}`, user: null };
  }
}
