// Public API for budget and scenario files: `import { defineBudgets, defineScenario } from 'perfgate'`.
export { defineBudgets } from './model/budget.ts';
export type { BudgetFileInput, BudgetRuleInput } from './model/budget.ts';
export { defineScenario } from './checks/load/scenario.ts';
export type { ScenarioInput, RequestContext, SetupTarget } from './checks/load/scenario.ts';
export type { StepResponse, UserContext, UserSocket } from './checks/load/flow-schema.ts';
export { defineQueries } from './checks/explain/query-set.ts';
export type { QuerySetInput } from './checks/explain/query-set.ts';
export type { Measurement, Verdict, RunResult } from './model/index.ts';
