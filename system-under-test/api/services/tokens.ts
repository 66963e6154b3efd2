import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

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

  /** The user id and the moment the token expires (epoch ms), or null as verify says. */
  claims(token: string, now = Date.now()): { userId: string; expiresAt: number } | null {
    const [payload, signature, extra] = token.split('.');
    if (!payload || !signature || extra !== undefined) return null;
    const given = Buffer.from(signature, 'base64url');
    const expected = this.mac(payload);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    try {
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { sub?: unknown; exp?: unknown };
      if (typeof claims.sub !== 'string' || typeof claims.exp !== 'number' || claims.exp * 1000 <= now) return null;
      return { userId: claims.sub, expiresAt: claims.exp * 1000 };
    } catch {
      return null;
    }
  }
}
