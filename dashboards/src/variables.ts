import type { DataSourceRef } from '@grafana/grafana-foundation-sdk/common';
import { DatasourceVariableBuilder, QueryVariableBuilder, VariableRefresh, VariableSort } from '@grafana/grafana-foundation-sdk/dashboard';

/** Every panel reads the Prometheus chosen in the dashboard's `datasource` variable (the default one unless changed). */
export const PROMETHEUS: DataSourceRef = { type: 'prometheus', uid: '${datasource}' };

export function datasourceVariable(): DatasourceVariableBuilder {
  return new DatasourceVariableBuilder('datasource').label('Prometheus').type('prometheus');
}

/**
 * A variable filled from a label's values (`label_values(series, label)`), "All" by default; panels match it with
 * `=~` so All (`.*`) and several values both work.
 */
export function labelVariable(name: string, label: string, series: string): QueryVariableBuilder {
  const query = `label_values(${series}, ${label})`;
  return new QueryVariableBuilder(name)
    .label(label)
    .datasource(PROMETHEUS)
    .query(query)
    .definition(query)
    .refresh(VariableRefresh.OnTimeRangeChanged)
    .sort(VariableSort.AlphabeticalAsc)
    .multi(true)
    .includeAll(true)
    .allValue('.*')
    .current({ text: ['All'], value: ['$__all'] });
}
