// result.json files of schemaVersion 1 stored a plan, queries per request and status counts as JSON inside tags;
// read them into the typed fields of version 2, so stored baselines stay usable.
type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export function migrateResult(raw: unknown): unknown {
  if (!isObject(raw) || raw.schemaVersion !== 1) return raw;
  const measurements = Array.isArray(raw.measurements) ? raw.measurements.map(migrateMeasurement) : raw.measurements;
  const verdicts = Array.isArray(raw.verdicts)
    ? raw.verdicts.map((v) => (isObject(v) && isObject(v.measurement) ? { ...v, measurement: migrateMeasurement(v.measurement) } : v))
    : raw.verdicts;
  return { ...raw, schemaVersion: 2, measurements, verdicts };
}

function migrateMeasurement(m: unknown): unknown {
  if (!isObject(m) || !isObject(m.tags)) return m;
  const tags = m.tags as Record<string, unknown>;
  const out: Json = { ...m };
  if (typeof tags.planShape === 'string') {
    out.plan = {
      shape: tags.planShape,
      hash: typeof tags.planHash === 'string' ? tags.planHash : '',
      seqScans: typeof tags.seqScans === 'string' && tags.seqScans ? tags.seqScans.split(',') : [],
      ...(typeof tags.planShapes === 'string' ? { shapes: tags.planShapes.split(' | ') } : {}),
    };
  }
  const counts = (key: string) => parseCounts(tags[key]);
  if (counts('queries')) out.queriesPerRequest = counts('queries');
  if (counts('statusCodes')) out.statusCodes = counts('statusCodes');
  if (counts('failures')) out.failures = counts('failures');
  const rest = Object.fromEntries(Object.entries(tags).filter(([k]) => !['planShape', 'planHash', 'seqScans', 'planShapes', 'queries', 'statusCodes', 'failures'].includes(k)));
  if (Object.keys(rest).length) out.tags = rest;
  else delete out.tags;
  return out;
}

function parseCounts(value: unknown): Record<string, number> | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const parsed = JSON.parse(value) as unknown;
    if (!isObject(parsed)) return undefined;
    return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, number] => typeof e[1] === 'number'));
  } catch {
    return undefined;
  }
}
