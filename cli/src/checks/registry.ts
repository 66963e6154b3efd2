import type { MetricDescriptor } from '../model/index.ts';
import { metricCatalog, type MetricCatalog } from '../model/index.ts';
import type { Check } from './check.ts';
import { bundleCheck } from './bundle/index.ts';
import { explainCheck } from './explain/index.ts';
import { lighthouseCheck } from './lighthouse/index.ts';
import { loadCheck } from './load/index.ts';

/** Every check perfgate knows, in the order a run executes them (static ones first, browser last). */
export const CHECKS: readonly Check[] = [bundleCheck, explainCheck, loadCheck, lighthouseCheck] as Check[];

/** What the rest of perfgate derives from a set of checks: ids, metric descriptors, the catalog the judge reads. */
export interface Registry {
  checks: readonly Check[];
  ids: readonly string[];
  metricsByCheck: Readonly<Record<string, readonly MetricDescriptor[]>>;
  catalog: MetricCatalog;
  byId(id: string): Check | undefined;
}

export function registryOf(checks: readonly Check[]): Registry {
  const metricsByCheck = Object.fromEntries(checks.map((c) => [c.meta.id, c.meta.metrics]));
  return {
    checks,
    ids: checks.map((c) => c.meta.id),
    metricsByCheck,
    catalog: metricCatalog(metricsByCheck),
    byId: (id) => checks.find((c) => c.meta.id === id),
  };
}

export const REGISTRY: Registry = registryOf(CHECKS);
export const CHECK_IDS: readonly string[] = REGISTRY.ids;
export const KNOWN_METRICS: Readonly<Record<string, readonly MetricDescriptor[]>> = REGISTRY.metricsByCheck;
