import type { Check } from './check.ts';
import { bundleCheck } from './bundle/index.ts';
import { explainCheck } from './explain/index.ts';
import { lighthouseCheck } from './lighthouse/index.ts';
import { loadCheck } from './load/index.ts';

/** Every check perfgate knows, in the order a run executes them (static ones first, browser last). */
export const CHECKS: readonly Check[] = [bundleCheck, explainCheck, loadCheck, lighthouseCheck];
export const CHECK_IDS: readonly string[] = CHECKS.map((c) => c.id);
export const METRICS_BY_CHECK: Readonly<Record<string, readonly string[]>> = Object.fromEntries(CHECKS.map((c) => [c.id, c.metrics]));
