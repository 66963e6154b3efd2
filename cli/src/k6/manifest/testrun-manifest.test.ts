import { Ajv } from 'ajv';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { Scenario } from '../../checks/load/scenario.ts';
import { exportScript } from '../export/script.ts';
import { resourceName, testRunManifest } from './testrun-manifest.ts';

const str = { type: 'string' };
const strict = (properties: Record<string, unknown>, required: string[] = []) => ({ type: 'object', additionalProperties: false, required, properties });
const list = (items: unknown) => ({ type: 'array', items });

/**
 * The part of the k6-operator's TestRun CRD (k6.io_testruns.yaml, operator v1.6.0, v1alpha1) this manifest uses, as
 * `kubectl --validate=strict` reads it: every object closed, the CRD's required fields and types. The CRD's other
 * fields are left out: a field not listed here is one the manifest must not write.
 */
const TESTRUN = strict(
  {
    apiVersion: { const: 'k6.io/v1alpha1' },
    kind: { const: 'TestRun' },
    metadata: strict({ name: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 63 }, labels: { type: 'object', additionalProperties: str } }, ['name']),
    spec: strict(
      {
        parallelism: { type: 'integer', minimum: 1, maximum: 2147483647 },
        script: strict({ configMap: strict({ name: str, file: str }, ['name']) }),
        arguments: str,
        runner: strict({
          env: list(strict({ name: str, value: str, valueFrom: strict({ fieldRef: strict({ fieldPath: str, apiVersion: str }, ['fieldPath']) }) }, ['name'])),
          volumes: list(
            strict(
              {
                name: str,
                persistentVolumeClaim: strict({ claimName: str, readOnly: { type: 'boolean' } }, ['claimName']),
                secret: strict({ secretName: str, optional: { type: 'boolean' } }),
              },
              ['name'],
            ),
          ),
          volumeMounts: list(strict({ name: str, mountPath: str, readOnly: { type: 'boolean' } }, ['mountPath', 'name'])),
        }),
      },
      ['parallelism', 'script'],
    ),
  },
  ['apiVersion', 'kind', 'metadata', 'spec'],
);

const validate = new Ajv({ allErrors: true }).compile(TESTRUN);
const scenario = Scenario.parse({ name: 'Shop Checkout!', requests: [{ path: '/a' }] });
const script = exportScript({ scenario, scenarioFile: 'shop.yaml' });

function documents(yaml: string): Record<string, unknown>[] {
  return parseAllDocuments(yaml).map((d) => d.toJSON() as Record<string, unknown>);
}

describe('k6 manifest: a k6-operator TestRun', () => {
  it('is valid against the TestRun CRD, with N runners each writing its own raw points to a shared claim', () => {
    const docs = documents(testRunManifest({ name: resourceName(scenario.name), script, parallelism: 4, baseUrl: 'http://shop.default.svc:8080' }));
    expect(docs.map((d) => d.kind)).toEqual(['ConfigMap', 'PersistentVolumeClaim', 'TestRun']);
    const testRun = docs[2]!;
    expect(validate(testRun), JSON.stringify(validate.errors)).toBe(true);
    const spec = testRun.spec as { parallelism: number; script: unknown; arguments: string; runner: { env: { name: string; value?: string }[]; volumes: unknown[] } };
    expect(spec.parallelism).toBe(4);
    expect(spec.script).toEqual({ configMap: { name: 'shop-checkout-script', file: 'Shop-Checkout-.js' } });
    // The operator splits `arguments` on spaces (no shell); Kubernetes fills $(POD_NAME) from the runner's env.
    expect(spec.arguments).toBe('--out json=/results/$(POD_NAME).ndjson.gz --summary-export /results/$(POD_NAME).summary.json');
    expect(spec.runner.env).toContainEqual({ name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } });
    expect(spec.runner.env).toContainEqual({ name: 'BASE_URL', value: 'http://shop.default.svc:8080' });
    expect(spec.runner.volumes).toContainEqual({ name: 'results', persistentVolumeClaim: { claimName: 'shop-checkout-results' } });
    // The ConfigMap holds the script the TestRun names, byte for byte.
    expect((docs[0]!.data as Record<string, string>)['Shop-Checkout-.js']).toBe(script.text);
    expect(docs[1]!.spec).toMatchObject({ accessModes: ['ReadWriteMany'] });
  });

  it("hands the runners setup's vars in a Secret, and writes to a claim that exists when one is named", () => {
    const data = { vars: { token: 'secret' }, computed: {} };
    const docs = documents(testRunManifest({ name: 'shop', script, parallelism: 2, baseUrl: 'http://shop', data, resultsClaim: 'nfs-results' }));
    expect(docs.map((d) => d.kind)).toEqual(['ConfigMap', 'Secret', 'TestRun']);
    const testRun = docs[2]!;
    expect(validate(testRun), JSON.stringify(validate.errors)).toBe(true);
    expect(JSON.parse((docs[1]!.stringData as Record<string, string>)['data.json']!)).toEqual(data);
    const runner = (testRun.spec as { runner: { env: unknown[]; volumes: unknown[] } }).runner;
    expect(runner.env).toContainEqual({ name: 'PERFGATE_DATA', value: '/perfgate-data/data.json' });
    expect(runner.volumes).toContainEqual({ name: 'results', persistentVolumeClaim: { claimName: 'nfs-results' } });
  });

  it('names resources as Kubernetes allows, short enough for the runners’ job names', () => {
    expect(resourceName('PayPass core (5x peak)')).toBe('paypass-core-5x-peak');
    expect(resourceName('x'.repeat(80))).toHaveLength(40);
    expect(resourceName('!!!')).toBe('perfgate');
  });
});
