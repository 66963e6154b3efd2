import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './cursor.ts';

const ID = '5d651c34-f0ba-454d-8e1a-2cdb6d6f5e81';

describe('cursor', () => {
  it('decodes what it encoded, microseconds kept', () => {
    const c = { createdAt: '2024-02-29T23:59:59.123456Z', id: ID };
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
  });

  it('answers 400 for impossible moments, ids in another form, and anything else', () => {
    const bad = [
      encodeCursor({ createdAt: '2024-02-30T00:00:00Z', id: ID }),
      encodeCursor({ createdAt: '0000-01-01T00:00:00Z', id: ID }),
      encodeCursor({ createdAt: '2024-01-01T24:00:00Z', id: ID }),
      encodeCursor({ createdAt: '2024-01-01T00:00:00Z', id: ID.toUpperCase() }),
      encodeCursor({ createdAt: '2024-01-01T00:00:00Z', id: '-'.repeat(36) }),
      Buffer.from('["2024-01-01T00:00:00Z"]').toString('base64url'),
      Buffer.from('{"createdAt":"2024-01-01T00:00:00Z"}').toString('base64url'),
      'not a cursor',
      '',
    ];
    for (const raw of bad) expect(() => decodeCursor(raw), raw).toThrow(expect.objectContaining({ statusCode: 400 }));
  });
});
