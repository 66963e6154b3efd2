import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';

export const RULES_DIR = new URL('../prometheus/', import.meta.url);

export interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface RuleFile {
  file: string;
  groups: { name: string; rules: Rule[] }[];
}

/** Files of dashboards/prometheus/ whose name ends with `suffix`, sorted. */
export function filesEndingWith(suffix: string): string[] {
  return readdirSync(RULES_DIR)
    .filter((f) => f.endsWith(suffix))
    .sort();
}

export function ruleFiles(): RuleFile[] {
  return filesEndingWith('.rules.yml').map((file) => ({ file, ...(parse(readFileSync(new URL(file, RULES_DIR), 'utf8')) as Omit<RuleFile, 'file'>) }));
}

export function allRules(): Rule[] {
  return ruleFiles().flatMap((f) => f.groups.flatMap((g) => g.rules));
}

export interface AlertTestCase {
  alertname: string;
  eval_time: string;
  exp_alerts?: unknown[];
}

/** Every alert_rule_test case of the promtool unit test files. */
export function alertTestCases(): AlertTestCase[] {
  return filesEndingWith('.test.yml').flatMap((file) => {
    const tests = (parse(readFileSync(new URL(file, RULES_DIR), 'utf8')) as { tests: { alert_rule_test?: AlertTestCase[] }[] }).tests;
    return tests.flatMap((t) => t.alert_rule_test ?? []);
  });
}
