import { describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { parseSlowdown, slowdown } from './slowdown.ts';

describe('PAYPASS_SLOWDOWN', () => {
  it('parses route factors and rejects malformed ones with the expected shape', () => {
    expect(parseSlowdown('GET /payments=1.5ms, POST /auth/login=20ms')).toEqual(
      new Map([
        ['GET /payments', { ms: 1.5 }],
        ['POST /auth/login', { ms: 20 }],
      ]),
    );
    expect(parseSlowdown('GET /payments=40ms@1/50')).toEqual(new Map([['GET /payments', { ms: 40, every: 50 }]]));
    expect(() => parseSlowdown('GET /payments=40ms@1/0')).toThrow(/METHOD \/route=Nms@1\/K/);
    expect(parseSlowdown(undefined).size).toBe(0);
    expect(() => parseSlowdown('GET /payments=1.3')).toThrow(/"GET \/payments=1.3" is not "METHOD \/route=Nms"/);
    expect(() => parseSlowdown('/payments=2ms')).toThrow(/METHOD \/route=Nms/);
  });

  it('adds the named CPU time to the named route only', async () => {
    const app = Fastify();
    app.get('/slow/:id', async () => {
      await new Promise((r) => setTimeout(r, 20));
      return { ok: true };
    });
    app.get('/fast', async () => ({ ok: true }));
    slowdown(app, parseSlowdown('GET /slow/:id=20ms'));
    await app.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    const get = async (path: string) => {
      const t0 = performance.now();
      const response = await fetch(url + path);
      await response.json();
      return { ms: performance.now() - t0, header: response.headers.get('x-paypass-slowdown') };
    };
    const slow = await get('/slow/1');
    expect(slow.header).toBe('20ms');
    expect(slow.ms).toBeGreaterThanOrEqual(39); // 20 ms of waiting in the handler, then 20 ms of CPU
    expect((await get('/fast')).header).toBeNull();
    await app.close();
  });

  it('stalls one request in K by the named time, and leaves the others alone', async () => {
    const app = Fastify();
    app.get('/tail', async () => ({ ok: true }));
    slowdown(app, parseSlowdown('GET /tail=50ms@1/4'));
    await app.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}/tail`;
    const headers: (string | null)[] = [];
    for (let i = 0; i < 8; i++) {
      const t0 = performance.now();
      const response = await fetch(url);
      await response.json();
      headers.push(response.headers.get('x-paypass-slowdown'));
      if (headers.at(-1)) expect(performance.now() - t0).toBeGreaterThanOrEqual(49);
    }
    expect(headers).toEqual([null, null, null, '50ms stall', null, null, null, '50ms stall']);
    await app.close();
  });
});
