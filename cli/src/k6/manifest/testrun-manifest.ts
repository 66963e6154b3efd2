import { stringify } from 'yaml';
import type { ExportedScript } from '../export/script.ts';
import type { ScenarioData } from '../scenario-data.ts';

export interface ManifestInput {
  /** The TestRun's name; its ConfigMap, Secret and claim are named after it. */
  name: string;
  script: ExportedScript;
  parallelism: number;
  /** The target as the runners reach it (BASE_URL). */
  baseUrl: string;
  /** setup()'s vars and the request functions' values, handed to every runner (PERFGATE_DATA). */
  data?: ScenarioData;
  /** A ReadWriteMany claim that already exists for the points; without one, the manifest claims 1 GiB. */
  resultsClaim?: string;
}

const RESULTS = '/results';
const DATA_DIR = '/perfgate-data';

/**
 * A k6-operator TestRun and what it needs, as one multi-document YAML: the script in a ConfigMap, perfgate's data in
 * a Secret (it holds setup's logins), and a claim every runner writes its raw points to (`--out json`, gzipped, one
 * file per runner pod), where they can be collected and imported together.
 */
export function testRunManifest(input: ManifestInput): string {
  const { name, script } = input;
  const claim = input.resultsClaim ?? `${name}-results`;
  const labels = { 'app.kubernetes.io/managed-by': 'perfgate', 'perfgate/testrun': name };
  const documents: object[] = [
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `${name}-script`, labels }, data: { [script.fileName]: script.text } },
    ...(input.data
      ? [{ apiVersion: 'v1', kind: 'Secret', metadata: { name: `${name}-data`, labels }, type: 'Opaque', stringData: { 'data.json': JSON.stringify(input.data) } }]
      : []),
    ...(input.resultsClaim
      ? []
      : [
          {
            apiVersion: 'v1',
            kind: 'PersistentVolumeClaim',
            metadata: { name: claim, labels },
            // Runners may land on different nodes, and all write to it at once.
            spec: { accessModes: ['ReadWriteMany'], resources: { requests: { storage: '1Gi' } } },
          },
        ]),
    {
      apiVersion: 'k6.io/v1alpha1',
      kind: 'TestRun',
      metadata: { name, labels },
      spec: {
        parallelism: input.parallelism,
        script: { configMap: { name: `${name}-script`, file: script.fileName } },
        // Split on spaces, not by a shell; Kubernetes fills in $(POD_NAME), so each runner writes its own files.
        arguments: `--out json=${RESULTS}/$(POD_NAME).ndjson.gz --summary-export ${RESULTS}/$(POD_NAME).summary.json`,
        runner: {
          env: [
            { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
            { name: 'BASE_URL', value: input.baseUrl },
            ...(input.data ? [{ name: 'PERFGATE_DATA', value: `${DATA_DIR}/data.json` }] : []),
          ],
          volumes: [{ name: 'results', persistentVolumeClaim: { claimName: claim } }, ...(input.data ? [{ name: 'perfgate-data', secret: { secretName: `${name}-data` } }] : [])],
          volumeMounts: [{ name: 'results', mountPath: RESULTS }, ...(input.data ? [{ name: 'perfgate-data', mountPath: DATA_DIR, readOnly: true }] : [])],
        },
      },
    },
  ];
  return `${collectComment(name, claim)}\n${documents.map((d) => stringify(d, { lineWidth: 0 })).join('---\n')}`;
}

/** How to get the points back: any pod that mounts the claim, then `kubectl cp`. */
function collectComment(name: string, claim: string): string {
  const pod = JSON.stringify({
    spec: {
      volumes: [{ name: 'results', persistentVolumeClaim: { claimName: claim } }],
      containers: [{ name: 'collect', image: 'busybox', command: ['sleep', '3600'], volumeMounts: [{ name: 'results', mountPath: RESULTS }] }],
    },
  });
  return [
    `# k6-operator TestRun "${name}", written by perfgate k6 manifest. Apply it, wait for the run to finish, then`,
    "# copy the runners' points off the claim and judge them together (percentiles merged exactly):",
    `#   kubectl run ${name}-collect --image=busybox --restart=Never --overrides='${pod}'`,
    `#   kubectl cp ${name}-collect:${RESULTS} ./${name}-results && kubectl delete pod ${name}-collect`,
    `#   perfgate k6 import ./${name}-results --budgets BUDGETS [--baseline NAME]`,
  ].join('\n');
}

/** A Kubernetes name from a scenario's: lower case letters, digits and dashes, short enough for the runners' job names. */
export function resourceName(from: string): string {
  const name = from
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return name || 'perfgate';
}
