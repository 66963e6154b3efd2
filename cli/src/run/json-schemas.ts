import { z } from 'zod';
import { REGISTRY, type Registry } from '../checks/registry.ts';
import { BudgetFile } from '../model/index.ts';
import { configSchema } from './config-file.ts';

/**
 * The budget file's JSON Schema for editors, derived from the registry: each rule's `check` is a known check and its
 * `metric` one of that check's metrics (or a glob), each described by its descriptor's meaning and unit.
 */
export function budgetJsonSchema(registry: Registry = REGISTRY): Record<string, unknown> {
  const base = z.toJSONSchema(BudgetFile, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown> & { properties: Record<string, unknown> };
  const rule = (base.properties.rules as { items: Record<string, unknown> & { properties: Record<string, unknown> } }).items;
  const variants = registry.checks.map((check) => ({
    properties: {
      check: { const: check.meta.id, description: check.meta.title },
      metric: {
        anyOf: [
          ...check.meta.metrics.map((m) => ({ const: m.name, description: `${m.description} (${m.unit}, ${m.better} is better)` })),
          { type: 'string', pattern: '[*?]', description: 'a glob over the metrics above' },
        ],
      },
    },
  }));
  return {
    ...base,
    properties: {
      ...base.properties,
      rules: { ...(base.properties.rules as object), items: { ...rule, properties: { ...rule.properties, check: { type: 'string', enum: [...registry.ids] } }, anyOf: variants } },
    },
  };
}

/** `perfgate.config.*`: the flags of `perfgate run`, core and each check's. */
export function configJsonSchema(registry: Registry = REGISTRY): Record<string, unknown> {
  return z.toJSONSchema(configSchema(registry), { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}
