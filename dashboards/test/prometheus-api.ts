/** The few calls of Prometheus' and Alertmanager's HTTP APIs the tests make; each fails on an error answer. */
async function api<T>(url: string): Promise<T> {
  const response = await fetch(url);
  const body = (await response.json()) as { status: string; data: T; error?: string };
  if (body.status !== 'success') throw new Error(`${url}: ${body.error ?? response.status}`);
  return body.data;
}

/** Series an instant query returns now. */
export async function instantQuery(prometheus: string, expr: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
  const data = await api<{ resultType: string; result: { metric: Record<string, string>; value: [number, string] }[] }>(
    `${prometheus}/api/v1/query?query=${encodeURIComponent(expr)}`,
  );
  if (data.resultType !== 'vector') throw new Error(`${expr}: a ${data.resultType}, not an instant vector`);
  return data.result;
}

/** What Grafana's label_values(series, label) lists. */
export function labelValues(prometheus: string, label: string, series: string): Promise<string[]> {
  return api<string[]>(`${prometheus}/api/v1/label/${encodeURIComponent(label)}/values?match[]=${encodeURIComponent(series)}`);
}

export interface ScrapeTarget {
  labels: { job: string; instance: string };
  health: 'up' | 'down' | 'unknown';
  lastError: string;
}

export async function activeTargets(prometheus: string): Promise<ScrapeTarget[]> {
  return (await api<{ activeTargets: ScrapeTarget[] }>(`${prometheus}/api/v1/targets?state=active`)).activeTargets;
}

export interface RuleGroup {
  name: string;
  file: string;
  rules: { name: string; type: 'alerting' | 'recording'; health: 'ok' | 'err' | 'unknown'; lastError?: string; state?: string }[];
}

export async function ruleGroups(prometheus: string): Promise<RuleGroup[]> {
  return (await api<{ groups: RuleGroup[] }>(`${prometheus}/api/v1/rules`)).groups;
}

export async function activeAlertmanagers(prometheus: string): Promise<string[]> {
  return (await api<{ activeAlertmanagers: { url: string }[] }>(`${prometheus}/api/v1/alertmanagers`)).activeAlertmanagers.map((a) => a.url);
}

/** Alerts an Alertmanager holds (API v2 answers a bare array). */
export async function alertmanagerAlerts(alertmanager: string): Promise<{ labels: Record<string, string> }[]> {
  const response = await fetch(`${alertmanager}/api/v2/alerts`);
  if (!response.ok) throw new Error(`${alertmanager}/api/v2/alerts: HTTP ${response.status}`);
  return (await response.json()) as { labels: Record<string, string> }[];
}
