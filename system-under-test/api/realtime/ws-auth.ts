import type { IncomingMessage } from 'node:http';
import type { TokenService } from '../services/tokens.ts';

/** The subprotocol the server answers with when the token came in Sec-WebSocket-Protocol. */
export const WS_PROTOCOL = 'paypass';
const BEARER_PREFIX = 'bearer.';

/**
 * Browsers cannot set an Authorization header on a WebSocket, so the bearer token comes
 * either as `?token=…` or as a subprotocol `bearer.<token>` next to `paypass`
 * (`new WebSocket(url, ['paypass', 'bearer.' + token])`); tokens are base64url and '.',
 * all valid in a subprotocol name. The subprotocol form keeps the token out of URLs and logs.
 */
export function wsClaims(request: IncomingMessage, tokens: TokenService): { userId: string; expiresAt: number } | null {
  const offered = (request.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
  const fromProtocol = offered.find((p) => p.startsWith(BEARER_PREFIX))?.slice(BEARER_PREFIX.length);
  const fromQuery = new URL(request.url ?? '/', 'http://localhost').searchParams.get('token');
  const token = fromProtocol || fromQuery;
  return token ? tokens.claims(token) : null;
}

/** ws' handleProtocols: answer `paypass` if offered (never echo the token back). */
export function selectProtocol(protocols: Set<string>): string | false {
  return protocols.has(WS_PROTOCOL) ? WS_PROTOCOL : false;
}
