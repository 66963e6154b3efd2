/**
 * What a dashboard of dashboards/grafana/ must be for Grafana's file provisioning to load it and for these dashboards
 * to work with any Prometheus: a JSON Schema (draft-07) of the parts that matter, checked with ajv. Grafana's own
 * dashboard schema (generated from its CUE kind, published in the SDK's repository but not in its npm package) was
 * used while writing them; see dashboards/README.md.
 */
const PROMETHEUS_VARIABLE_REF = {
  type: 'object',
  required: ['type', 'uid'],
  properties: { type: { const: 'prometheus' }, uid: { const: '${datasource}' } },
} as const;

const GRID_POS = {
  type: 'object',
  required: ['x', 'y', 'w', 'h'],
  properties: {
    x: { type: 'integer', minimum: 0, maximum: 23 },
    y: { type: 'integer', minimum: 0 },
    w: { type: 'integer', minimum: 1, maximum: 24 },
    h: { type: 'integer', minimum: 1 },
  },
} as const;

const ROW = {
  type: 'object',
  required: ['type', 'id', 'title', 'gridPos', 'collapsed', 'panels'],
  properties: {
    type: { const: 'row' },
    id: { type: 'integer', minimum: 1 },
    title: { type: 'string', minLength: 1 },
    gridPos: GRID_POS,
    collapsed: { const: false },
    panels: { type: 'array', maxItems: 0 },
  },
} as const;

const PANEL = {
  type: 'object',
  required: ['type', 'id', 'title', 'description', 'datasource', 'gridPos', 'targets', 'fieldConfig', 'options'],
  properties: {
    type: { enum: ['timeseries', 'stat'] },
    id: { type: 'integer', minimum: 1 },
    title: { type: 'string', minLength: 1 },
    description: { type: 'string', minLength: 10 },
    datasource: PROMETHEUS_VARIABLE_REF,
    gridPos: GRID_POS,
    targets: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['expr', 'refId'],
        properties: { expr: { type: 'string', minLength: 1 }, refId: { type: 'string', pattern: '^[A-Z]$' }, legendFormat: { type: 'string' } },
      },
    },
    options: { type: 'object' },
    fieldConfig: {
      type: 'object',
      required: ['defaults', 'overrides'],
      properties: {
        defaults: {
          type: 'object',
          required: ['unit'],
          properties: {
            unit: { type: 'string', minLength: 1 },
            thresholds: {
              type: 'object',
              required: ['mode', 'steps'],
              properties: {
                mode: { const: 'absolute' },
                // Grafana's base step has no value (null); every further step a number.
                steps: { type: 'array', minItems: 2, items: [{ properties: { value: { type: 'null' } } }], additionalItems: { properties: { value: { type: 'number' } } } },
              },
            },
          },
        },
        overrides: { type: 'array' },
      },
    },
  },
} as const;

export const PROVISIONABLE_DASHBOARD_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  required: ['uid', 'title', 'description', 'schemaVersion', 'tags', 'time', 'refresh', 'templating', 'annotations', 'panels'],
  properties: {
    // Provisioning keys dashboards by uid; links (/d/<uid>) use it: short, stable, URL-safe.
    uid: { type: 'string', pattern: '^[a-z0-9-]{1,40}$' },
    // A numeric id would clash with the database's; provisioning assigns one.
    id: { type: 'null' },
    title: { type: 'string', minLength: 1 },
    description: { type: 'string', minLength: 1 },
    // Grafana migrates older models on load; 36 is the oldest its backend still migrates.
    schemaVersion: { type: 'integer', minimum: 36 },
    tags: { type: 'array', minItems: 1, items: { type: 'string' } },
    editable: { type: 'boolean' },
    time: { type: 'object', required: ['from', 'to'], properties: { from: { type: 'string' }, to: { type: 'string' } } },
    refresh: { type: 'string', pattern: '^[0-9]+[smh]$' },
    templating: {
      type: 'object',
      required: ['list'],
      properties: {
        list: {
          type: 'array',
          minItems: 1,
          // The first variable picks the Prometheus every panel reads.
          items: [
            { type: 'object', required: ['type', 'name', 'query'], properties: { type: { const: 'datasource' }, name: { const: 'datasource' }, query: { const: 'prometheus' } } },
          ],
          additionalItems: {
            type: 'object',
            required: ['type', 'name', 'query', 'datasource', 'includeAll', 'allValue'],
            properties: {
              type: { const: 'query' },
              name: { type: 'string', pattern: '^[a-z_]+$' },
              query: { type: 'string', pattern: '^label_values\\(.+, *\\w+\\)$' },
              datasource: PROMETHEUS_VARIABLE_REF,
              includeAll: { const: true },
              allValue: { const: '.*' },
            },
          },
        },
      },
    },
    annotations: {
      type: 'object',
      properties: {
        list: {
          type: 'array',
          items: {
            type: 'object',
            required: ['name', 'enable', 'datasource', 'expr', 'titleFormat'],
            properties: {
              name: { type: 'string', minLength: 1 },
              enable: { const: true },
              datasource: PROMETHEUS_VARIABLE_REF,
              expr: { type: 'string', minLength: 1 },
              titleFormat: { type: 'string', minLength: 1 },
            },
          },
        },
      },
    },
    panels: {
      type: 'array',
      minItems: 2,
      items: { if: { properties: { type: { const: 'row' } } }, then: ROW, else: PANEL },
    },
  },
} as const;
