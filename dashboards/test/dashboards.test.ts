import { readdirSync, readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { DASHBOARDS, renderDashboard } from '../src/catalog.ts';
import { ENDPOINT_CLASSES } from '../src/endpoint-classes.ts';
import { TARGETS, type Target } from '../src/standards.ts';
import { PROVISIONABLE_DASHBOARD_SCHEMA } from './provisionable-dashboard.schema.ts';
import { ruleFiles } from './rule-files.ts';

const GRAFANA_DIR = new URL('../grafana/', import.meta.url);
const validate = new Ajv({ allErrors: true, strict: true, strictTypes: false, strictTuples: false }).compile(PROVISIONABLE_DASHBOARD_SCHEMA);

interface GridPos {
  x: number;
  y: number;
  w: number;
  h: number;
}
interface Model {
  uid: string;
  panels: { id: number; type: string; title: string; gridPos: GridPos; targets?: { refId: string }[] }[];
}

const built = Object.entries(DASHBOARDS).map(([file, build]) => ({ file, text: renderDashboard(build), model: JSON.parse(renderDashboard(build)) as Model }));

function errorsOf(model: unknown): string[] {
  return validate(model) ? [] : validate.errors!.map((e) => `${e.instancePath} ${e.message}`);
}

describe('dashboards as code', () => {
  it.each(built)('$file is committed as its source builds it (run `npm run dashboards` after changing dashboards/src)', ({ file, text }) => {
    expect(readFileSync(new URL(file, GRAFANA_DIR), 'utf8')).toBe(text);
  });

  it('dashboards/grafana holds nothing the sources do not build', () => {
    expect(readdirSync(GRAFANA_DIR).sort()).toEqual(Object.keys(DASHBOARDS).sort());
  });

  it.each(built)('$file is a provisionable dashboard reading Prometheus through its datasource variable', ({ model }) => {
    expect(errorsOf(model)).toEqual([]);
  });

  it('the schema rejects what Grafana or these conventions would not take', () => {
    const broken = (mutate: (m: Model & Record<string, unknown>) => void) => {
      const copy = structuredClone(built[0]!.model) as Model & Record<string, unknown>;
      mutate(copy);
      return errorsOf(copy);
    };
    const firstPanel = (m: Model) => m.panels.find((p) => p.type !== 'row') as unknown as Record<string, unknown>;
    expect(broken((m) => delete m.schemaVersion)).toContain(" must have required property 'schemaVersion'");
    expect(broken((m) => (firstPanel(m).targets = []))).not.toEqual([]);
    expect(broken((m) => (firstPanel(m).datasource = { type: 'prometheus', uid: 'my-prometheus' }))).not.toEqual([]);
    expect(broken((m) => ((firstPanel(m).gridPos as GridPos).w = 25))).not.toEqual([]);
    expect(broken((m) => (m.uid = 'PayPass Overview'))).not.toEqual([]);
  });

  it('uids are unique; within a dashboard, panel ids are unique and no two panels overlap', () => {
    expect(new Set(built.map((d) => d.model.uid)).size).toBe(built.length);
    for (const { file, model } of built) {
      const ids = model.panels.map((p) => p.id);
      expect(new Set(ids).size, file).toBe(ids.length);
      for (const [i, a] of model.panels.entries()) {
        for (const b of model.panels.slice(i + 1)) {
          const overlap =
            a.gridPos.x < b.gridPos.x + b.gridPos.w &&
            b.gridPos.x < a.gridPos.x + a.gridPos.w &&
            a.gridPos.y < b.gridPos.y + b.gridPos.h &&
            b.gridPos.y < a.gridPos.y + a.gridPos.h;
          expect(overlap, `${file}: "${a.title}" overlaps "${b.title}"`).toBe(false);
        }
      }
    }
  });

  it('each panel names its queries A, B, C… once each', () => {
    for (const { model } of built) {
      for (const panel of model.panels.filter((p) => p.targets)) {
        expect(panel.targets!.map((t) => t.refId)).toEqual(panel.targets!.map((_, i) => String.fromCharCode(65 + i)));
      }
    }
  });

  it('the latency rules record each endpoint class with the routes the overview dashboard draws', () => {
    const rules = ruleFiles().flatMap((f) => f.groups.flatMap((g) => g.rules));
    for (const endpoints of ENDPOINT_CLASSES) {
      const recording = rules.filter((r) => r.record === 'endpoint_class:http_request_duration_seconds_bucket:rate5m' && r.labels?.endpoint_class === endpoints.name);
      expect(recording.map((r) => r.expr)).toEqual([`sum by (job, le) (rate(http_request_duration_seconds_bucket{${endpoints.matchers}}[5m]))`]);
    }
  });

  it('the alert rules fire at the targets the dashboards draw', () => {
    // PayPassHealthCheckSlow is left out on purpose: it fires at 100 ms, the first bucket bound (see its comment).
    const thresholds: Record<string, Target> = {
      PayPassAuthSlow: TARGETS.authP95Seconds,
      PayPassPaymentEndpointSlow: TARGETS.paymentsP95Seconds,
      PayPassDataQueriesSlow: TARGETS.dataQueriesP95Seconds,
      PayPassPaymentProcessingSlow: TARGETS.processingP95Seconds,
      PayPassCrossBorderProcessingSlow: TARGETS.crossBorderP95Seconds,
      PayPassFraudAnalysisSlow: TARGETS.fraudP95Seconds,
      PayPassPaymentSuccessLow: TARGETS.paymentSuccessRatio,
      PayPassCpuHigh: TARGETS.cpuRatio,
      PayPassHeapHigh: TARGETS.heapRatio,
    };
    const alerts = new Map(ruleFiles().flatMap((f) => f.groups.flatMap((g) => g.rules.flatMap((r) => (r.alert ? [[r.alert, r.expr] as const] : [])))));
    for (const [alert, target] of Object.entries(thresholds)) {
      expect(alerts.get(alert), alert).toMatch(new RegExp(` ${target.better === 'lower' ? '>' : '<'} ${String(target.value).replace('.', '\\.')}$`));
    }
  });
});
