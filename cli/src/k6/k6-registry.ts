import { metric } from '../checks/check.ts';
import { REGISTRY, registryOf, type Registry } from '../checks/registry.ts';
import type { MetricDescriptor } from '../model/index.ts';

/** What k6 measures beyond perfgate's own load metrics: its checks (assertions on responses), per check. */
export const K6_ONLY_METRICS: readonly MetricDescriptor[] = [
  metric('checks.failed', 'ratio', 'lower', true, "share of a k6 check's evaluations that failed (subject check:NAME)", { noiseFloor: { relative: 0, absolute: 0.001 } }),
];

/**
 * The registry an imported k6 run is judged with: the load check's metrics, plus k6's checks. Budget rules name the
 * load check, so the same rules judge perfgate's own load runs and k6's.
 */
export function k6Registry(base: Registry = REGISTRY): Registry {
  return registryOf(base.checks.map((c) => (c.meta.id === 'load' ? { ...c, meta: { ...c.meta, metrics: [...c.meta.metrics, ...K6_ONLY_METRICS] } } : c)));
}
