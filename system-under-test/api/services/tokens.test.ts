import { describe, expect, it } from 'vitest';
import { TokenService } from './tokens.ts';

const ID = '5d651c34-f0ba-454d-8e1a-2cdb6d6f5e81';
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

describe('TokenService', () => {
  const tokens = new TokenService('unit-test-secret');

  it('verifies what it issued, until it expires', () => {
    const now = Date.now();
    const token = tokens.issue(ID, now);
    expect(tokens.verify(token, now)).toBe(ID);
    expect(tokens.claims(token, now)?.expiresAt).toBe((Math.floor(now / 1000) + 3600) * 1000);
    expect(tokens.verify(token, now + 3601_000)).toBeNull();
    expect(new TokenService('another secret').verify(token, now)).toBeNull();
  });

  it('accepts a token only in the exact form it was issued', () => {
    const token = tokens.issue(ID);
    const [payload, signature] = token.split('.') as [string, string];
    const last = ALPHABET.indexOf(signature.at(-1)!);
    // Spellings Buffer decodes to the same bytes: characters outside the alphabet, padding, unused low bits.
    const sameBytes = [
      ...['!', '=', '==', '*', ' ', '\u00e9', '+', '/'].map((c) => `${token}${c}`),
      `${payload}.${signature.slice(0, 10)}!${signature.slice(10)}`,
      `${payload}=.${signature}`,
      ...[1, 2, 3].map((bits) => `${payload}.${signature.slice(0, -1)}${ALPHABET[last ^ bits]}`),
    ];
    for (const variant of sameBytes) {
      expect(variant).not.toBe(token);
      expect(tokens.verify(variant), variant).toBeNull();
    }
    expect(tokens.verify(`${token}.`)).toBeNull();
    expect(tokens.verify(`${token}${'A'.repeat(600)}`)).toBeNull();
    expect(tokens.verify(token)).toBe(ID);
  });

  it('refuses a signed subject that is not a lower-case UUID', () => {
    for (const subject of ['', 'admin', ID.toUpperCase(), `${ID} `, '-'.repeat(36)]) expect(tokens.verify(tokens.issue(subject)), subject).toBeNull();
  });
});
