import type { DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { paypassDatabase } from './paypass-database.ts';
import { paypassOverview } from './paypass-overview.ts';
import { paypassPayments } from './paypass-payments.ts';
import { perfgateHistory } from './perfgate-history.ts';

/** Every dashboard, by the file it is written to under dashboards/grafana/ (what Grafana's provisioning loads). */
export const DASHBOARDS: Record<string, () => DashboardBuilder> = {
  'paypass-overview.json': paypassOverview,
  'paypass-payments.json': paypassPayments,
  'paypass-database.json': paypassDatabase,
  'perfgate-history.json': perfgateHistory,
};

/** The committed text of a dashboard: its JSON model, two-space indented, one trailing newline. */
export function renderDashboard(build: () => DashboardBuilder): string {
  return `${JSON.stringify(build().build(), null, 2)}\n`;
}
