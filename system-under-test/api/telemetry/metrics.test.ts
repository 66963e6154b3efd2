import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppFixture, type AppFixture } from '../../testing/app-fixture.ts';

describe('GET /metrics', () => {
  let f: AppFixture;
  beforeAll(async () => {
    f = await createAppFixture({ users: 3, payments: 10, seed: 51 });
  });
  afterAll(() => f.close());

  it('exposes the standards’ metrics with route templates, not raw URLs', async () => {
    const token = await f.login(1);
    const recipientId = await f.userId(2);
    const created = await f.app.inject({
      method: 'POST',
      url: '/payments?sync=true',
      headers: { authorization: `Bearer ${token}`, 'idempotency-key': 'm-1' },
      payload: { recipientId, amount: 100, currency: 'EUR' },
    });
    const ranBefore = queriesRun((await f.app.inject({ method: 'GET', url: '/metrics' })).body);
    await f.app.inject({ method: 'GET', url: `/payments/${created.json().id}`, headers: { authorization: `Bearer ${token}` } });
    const res = await f.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    const text = res.body;
    expect(text).toContain('http_request_duration_seconds_bucket{le="0.1",method="GET",route="/payments/:id",status_code="200"}');
    expect(text).toContain('route="/payments",status_code="201"');
    expect(text).not.toContain(created.json().id);
    expect(text).toMatch(/payment_processing_duration_seconds_count\{payment_type="p2p",currency="EUR"\} 1/);
    expect(text).toContain('database_query_duration_seconds_bucket{le="0.01",query_type="insert",table="payments"}');
    expect(text).toMatch(/active_connections\{connection_type="database_pool"\} \d+/);
    expect(text).toContain('# TYPE errors_total counter');
    expect(text).toContain('process_cpu_user_seconds_total');
    for (const le of ['0.5', '1', '2', '3', '5', '10']) expect(text).toContain(`payment_processing_duration_seconds_bucket{le="${le}"`);
    // The targets' own signals and the saturation gauges.
    expect(text).toMatch(/fraud_analysis_duration_seconds_count\{outcome="approved"\} 1/);
    expect(text).toMatch(/fx_provider_circuit_state\{provider="[a-z]+"\} 0/);
    expect(text).toMatch(/payment_queue_depth\{queue="payment-processing"\} 0/);
    expect(text).toMatch(/db_pool_connections\{state="waiting"\} 0/);
    expect(Number(text.match(/^nodejs_heap_size_limit_bytes (\d+)$/m)?.[1])).toBeGreaterThan(100_000_000);
    // Each catalog query by name: the payment was accepted once, and GET /payments/:id ran getPayment once more.
    const ranAfter = queriesRun(text);
    expect(ranAfter.get('acceptPayment')).toBe(1);
    expect(ranAfter.get('getPayment')! - (ranBefore.get('getPayment') ?? 0)).toBe(1);
  });
});

function queriesRun(metricsText: string): Map<string, number> {
  return new Map([...metricsText.matchAll(/^db_queries_total\{query="([^"]+)"\} (\d+)$/gm)].map((m) => [m[1]!, Number(m[2])]));
}
