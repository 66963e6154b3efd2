import { describe, expect, it } from 'vitest';
import { matchesGlob } from './glob.ts';

describe('matchesGlob', () => {
  it('matches across slashes and spaces, and treats regex characters literally', () => {
    expect(matchesGlob('POST /auth/login', 'POST /auth/*')).toBe(true);
    expect(matchesGlob('GET /payments?limit=20', 'GET /payments*')).toBe(true);
    expect(matchesGlob('GET /health', '*')).toBe(true);
    expect(matchesGlob('GET /health', 'GET /health')).toBe(true);
    expect(matchesGlob('GET /healthz', 'GET /health')).toBe(false);
    expect(matchesGlob('GET /a.b', 'GET /a?b')).toBe(true);
    expect(matchesGlob('GET /axb', 'GET /a.b')).toBe(false);
    expect(matchesGlob('GET /(x)', 'GET /(x)')).toBe(true);
  });
});
