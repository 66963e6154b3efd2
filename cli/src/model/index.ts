export * from './measurement.ts';
export * from './metric.ts';
export * from './reason.ts';
export * from './budget.ts';
export * from './verdict.ts';
export * from './run-result.ts';
export * from './noise-floors.ts';
export * from './timeline.ts';
