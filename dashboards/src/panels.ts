import {
  BigValueGraphMode,
  BigValueTextMode,
  GraphThresholdsStyleConfigBuilder,
  GraphThresholdsStyleMode,
  LegendDisplayMode,
  LegendPlacement,
  ReduceDataOptionsBuilder,
  SortOrder,
  TooltipDisplayMode,
  VizLegendOptionsBuilder,
  VizTooltipOptionsBuilder,
} from '@grafana/grafana-foundation-sdk/common';
import { ThresholdsConfigBuilder, ThresholdsMode, type ValueMapping } from '@grafana/grafana-foundation-sdk/dashboard';
import { DataqueryBuilder } from '@grafana/grafana-foundation-sdk/prometheus';
import { PanelBuilder as StatPanelBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TimeseriesPanelBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import type { Target } from './standards.ts';
import { PROMETHEUS } from './variables.ts';

export interface Query {
  expr: string;
  /** Grafana legend template, e.g. `{{route}}`. */
  legend?: string;
}

export interface PanelSpec {
  title: string;
  /** What the panel shows and why it matters, shown on hover: cite the standard when a target is drawn. */
  description: string;
  /** Grafana unit id: s, percentunit, reqps, bytes, short, … */
  unit: string;
  queries: Query[];
  /** A standards target, drawn as a threshold line (timeseries) or a colour change (stat). */
  target?: Target;
  min?: number;
  max?: number;
  mappings?: ValueMapping[];
}

export type Panel = TimeseriesPanelBuilder | StatPanelBuilder;

export function timeseries(spec: PanelSpec): TimeseriesPanelBuilder {
  const panel = new TimeseriesPanelBuilder()
    .title(spec.title)
    .description(describe(spec))
    .datasource(PROMETHEUS)
    .unit(spec.unit)
    .lineWidth(1)
    .fillOpacity(10)
    .legend(new VizLegendOptionsBuilder().showLegend(true).displayMode(LegendDisplayMode.List).placement(LegendPlacement.Bottom).calcs([]))
    .tooltip(new VizTooltipOptionsBuilder().mode(TooltipDisplayMode.Multi).sort(SortOrder.Descending));
  if (spec.target) {
    panel.thresholds(thresholds(spec.target)).thresholdsStyle(new GraphThresholdsStyleConfigBuilder().mode(GraphThresholdsStyleMode.Dashed));
  }
  return withCommon(panel, spec);
}

/** The latest value, big: for numbers read at a glance (current TPS, success rate, last run's outcome). */
export function stat(spec: PanelSpec & { showName?: boolean }): StatPanelBuilder {
  const panel = new StatPanelBuilder()
    .title(spec.title)
    .description(describe(spec))
    .datasource(PROMETHEUS)
    .unit(spec.unit)
    .graphMode(BigValueGraphMode.Area)
    .textMode(spec.showName ? BigValueTextMode.ValueAndName : BigValueTextMode.Auto)
    .reduceOptions(new ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false));
  if (spec.target) panel.thresholds(thresholds(spec.target));
  return withCommon(panel, spec);
}

function withCommon<P extends Panel>(panel: P, spec: PanelSpec): P {
  spec.queries.forEach((query, i) => {
    const target = new DataqueryBuilder().expr(query.expr).refId(String.fromCharCode(65 + i));
    if (query.legend) target.legendFormat(query.legend);
    panel.withTarget(target);
  });
  if (spec.min !== undefined) panel.min(spec.min);
  if (spec.max !== undefined) panel.max(spec.max);
  if (spec.mappings) panel.mappings(spec.mappings);
  return panel;
}

/** Green on the good side of the target, red past it. */
function thresholds(target: Target): ThresholdsConfigBuilder {
  const [below, above] = target.better === 'lower' ? ['green', 'red'] : ['red', 'green'];
  return new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps([
    { value: null, color: below },
    { value: target.value, color: above },
  ]);
}

function describe(spec: PanelSpec): string {
  return spec.target ? `${spec.description} Target: ${spec.target.source}.` : spec.description;
}
