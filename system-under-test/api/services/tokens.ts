import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const MAX_TOKEN_LENGTH = 512;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
// Ids are lower-case UUIDs everywhere in PayPass; a subject in any other form is not one of ours.
const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** base64url without padding, spelled exactly as encoding its bytes spells them. */
function isCanonicalBase64url(part: string): boolean {
  return BASE64URL.test(part) && Buffer.from(part, 'base64url').toString('base64url') === part;
}

/** Stateless bearer tokens: base64url(JSON {sub, exp}) + "." + HMAC-SHA256 of that payload. */
export class TokenService {
  private readonly secret: Buffer;

  constructor(
    secret: string | undefined = process.env.PAYPASS_TOKEN_SECRET,
    private readonly ttlSeconds = 3600,
  ) {
    // Without a configured secret, tokens are valid only for this process's lifetime.
    this.secret = secret ? Buffer.from(secret) : randomBytes(32);
  }

  private mac(payload: string): Buffer {
    return createHmac('sha256', this.secret).update(payload).digest();
  }

  issue(userId: string, now = Date.now()): string {
    const payload = Buffer.from(JSON.stringify({ sub: userId, exp: Math.floor(now / 1000) + this.ttlSeconds })).toString('base64url');
    return `${payload}.${this.mac(payload).toString('base64url')}`;
  }

  /** The user id, or null when the token is malformed, forged or expired. */
  verify(token: string, now = Date.now()): string | null {
    return this.claims(token, now)?.userId ?? null;
  }

  /**
   * The user id and the moment the token expires (epoch ms), or null as verify says. Only a token in the exact
   * form issue() writes is accepted: Buffer's base64url decoding skips characters outside the alphabet and
   * ignores a last character's unused bits, so without these checks `token + "!"` and other spellings of the
   * same bytes would pass for the token.
   */
  claims(token: string, now = Date.now()): { userId: string; expiresAt: number } | null {
    if (token.length > MAX_TOKEN_LENGTH) return null;
    const [payload, signature, extra] = token.split('.');
    if (!payload || !signature || extra !== undefined || !isCanonicalBase64url(payload) || !isCanonicalBase64url(signature)) return null;
    const given = Buffer.from(signature, 'base64url');
    const expected = this.mac(payload);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    try {
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { sub?: unknown; exp?: unknown };
      if (typeof claims.sub !== 'string' || !CANONICAL_UUID.test(claims.sub)) return null;
      if (!Number.isSafeInteger(claims.exp) || (claims.exp as number) * 1000 <= now) return null;
      return { userId: claims.sub, expiresAt: (claims.exp as number) * 1000 };
    } catch {
      return null;
    }
  }
}
