import { DASHBOARDS, renderDashboard } from '../src/catalog.ts';

/** A PromQL expression of a dashboard (a panel target or an annotation), or a variable's label_values() lookup. */
export type DashboardQuery = { where: string; kind: 'expr'; expr: string } | { where: string; kind: 'label_values'; label: string; series: string };

interface DashboardModel {
  title: string;
  panels?: { type: string; title?: string; targets?: { expr?: string; refId?: string }[] }[];
  annotations?: { list?: { name: string; expr?: string }[] };
  templating?: { list?: { type: string; name: string; query?: unknown }[] };
}

/** Every query of every dashboard the sources build, as Grafana would send it (see resolveVariables). */
export function allDashboardQueries(): DashboardQuery[] {
  return Object.values(DASHBOARDS).flatMap((build) => dashboardQueries(JSON.parse(renderDashboard(build)) as DashboardModel));
}

export function dashboardQueries(model: DashboardModel): DashboardQuery[] {
  const queries: DashboardQuery[] = [];
  for (const panel of model.panels ?? []) {
    for (const target of panel.targets ?? []) {
      if (!target.expr) throw new Error(`${model.title} / ${panel.title}: target ${target.refId} has no expr`);
      queries.push({ where: `${model.title} / ${panel.title} / ${target.refId}`, kind: 'expr', expr: resolveVariables(target.expr) });
    }
  }
  for (const annotation of model.annotations?.list ?? []) {
    if (annotation.expr) queries.push({ where: `${model.title} / annotation ${annotation.name}`, kind: 'expr', expr: resolveVariables(annotation.expr) });
  }
  for (const variable of model.templating?.list ?? []) {
    if (variable.type !== 'query') continue;
    const match = /^label_values\((.+),\s*(\w+)\)$/.exec(String(variable.query));
    if (!match) throw new Error(`${model.title}: variable ${variable.name} is not label_values(series, label): ${String(variable.query)}`);
    queries.push({ where: `${model.title} / variable ${variable.name}`, kind: 'label_values', series: resolveVariables(match[1]!), label: match[2]! });
  }
  return queries;
}

/**
 * What Grafana does before sending a query, for a Prometheus scraped every 5 s: `$__rate_interval` becomes 20 s or
 * more (four scrapes; 30 s here), `$__interval` and `$__range` a step and the time range, and each template variable
 * its "All" value, `.*` (every dashboard variable is matched with `=~`).
 */
export function resolveVariables(expr: string): string {
  return expr
    .replaceAll('$__rate_interval', '30s')
    .replaceAll('$__interval', '15s')
    .replaceAll('$__range', '1h')
    .replace(/\$\{?(\w+)\}?/g, '.*');
}
