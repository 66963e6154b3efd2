import { z } from 'zod';

export const RegressionPolicy = z
  .object({
    /** Practical tolerance as a fraction: changes smaller than this are never claimed. */
    tolerance: z.number().min(0).max(10).default(0.05),
    confidence: z.number().gt(0.5).lt(1).default(0.95),
  })
  .strict();
export type RegressionPolicy = z.infer<typeof RegressionPolicy>;

export const BudgetRule = z
  .object({
    check: z.string().min(1),
    /** Metric name or glob, e.g. `latency.p95` or `latency.*` (regression-only rules). */
    metric: z.string().min(1),
    /** Glob over measurement subjects: `*` matches any run of characters, `?` one. */
    subject: z.string().min(1).default('*'),
    max: z.number().optional(),
    min: z.number().optional(),
    severity: z.enum(['error', 'warn']).default('error'),
    regression: RegressionPolicy.optional(),
    /** Where the number comes from, e.g. `performance-standards.md:84 healthChecks < 50ms`. */
    source: z.string().optional(),
    description: z.string().optional(),
  })
  .strict()
  .refine((r) => r.max !== undefined || r.min !== undefined || r.regression !== undefined, {
    message: 'a rule needs max, min or regression',
  })
  .refine((r) => r.max === undefined || r.min === undefined || r.min <= r.max, {
    message: 'min is greater than max: no value could pass',
  });
export type BudgetRule = z.infer<typeof BudgetRule>;
export type BudgetRuleInput = z.input<typeof BudgetRule>;

export const BudgetFile = z
  .object({
    version: z.literal(1).default(1),
    /** Applied to rules that set no regression policy of their own. */
    regression: RegressionPolicy.optional(),
    rules: z.array(BudgetRule).min(1),
  })
  .strict();
export type BudgetFile = z.infer<typeof BudgetFile>;
export type BudgetFileInput = z.input<typeof BudgetFile>;

/** Typed helper for `*.budget.ts` files. */
export function defineBudgets(budgets: BudgetFileInput): BudgetFileInput {
  return budgets;
}
