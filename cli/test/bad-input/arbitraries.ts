/**
 * Generators of malformed perfgate inputs: budget, scenario, config and query-set files (YAML and JSON), and bad
 * values of `perfgate run`'s flags. Every value generated is invalid by construction, or filtered through a
 * statement of the rule it breaks that is written here, independently of perfgate's own checks; each case says what
 * the one line of error must name (the file or the flag, and the field).
 */
import fc from 'fast-check';
import { stringify as toYaml } from 'yaml';

export type Kind = 'budget' | 'scenario' | 'config' | 'queries';
type Path = (string | number)[];

export interface BadFile {
  kind: Kind;
  ext: '.yaml' | '.json';
  content: string | Uint8Array;
  /** What the line must contain, besides the file's path. */
  mentions: string[];
  /** At least one of these, when given. */
  anyOf?: string[];
  why: string;
}

export interface BadFlag {
  /** The bad flag, its value, and anything it needs. */
  args: string[];
  /** Default flags this case gives itself (or must not have). */
  replaces: string[];
  mentions: string[];
  why: string;
}

// ---------------------------------------------------------------------------------------------- values

const CONTROL = ['\n', '\r', '\r\n', '\u0000', '\u0007', '\u000b', '\f', '\u001b', '\u007f', '\u0085', '\u2028'];
const controlChar = fc.constantFrom(...CONTROL);
const oneChar = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 });
/** Any text: letters, symbols, emoji, and control characters and line breaks among them. */
export const text = fc.string({ unit: fc.oneof({ weight: 4, arbitrary: oneChar }, { weight: 1, arbitrary: controlChar }), maxLength: 16 });
const word = fc.stringMatching(/^[a-z][a-z0-9]{0,7}$/);
const SIGNS = ['', ' ', '  ', 'NaN', 'Infinity', '-Infinity', '1e400', '-1', '0', '5', 'true', 'null', '{}', '[]', '~', '\n', '0x10'];

/** A number as text in the file, beyond what a JS number can hold (±1e400 read as ±Infinity, YAML's .nan and .inf). */
const RAW = (token: string) => `RAW__${token}__RAW`;
const rawNumber = (ext: '.yaml' | '.json') =>
  fc.constantFrom(...(ext === '.json' ? ['1e400', '-1e400', '123e99999'] : ['1e400', '-1e400', '.nan', '.inf', '-.inf', '.NaN', '.Inf'])).map(RAW);
const isRaw = (v: unknown) => typeof v === 'string' && /^RAW__.*__RAW$/.test(v);

const smallObject = fc.dictionary(fc.oneof(word, text), fc.oneof(fc.integer(), text, fc.boolean()), { maxKeys: 3 });
const smallArray = fc.array(fc.oneof(fc.integer(), text, fc.constant(null)), { maxLength: 3 });

/** Values of every JSON type, odd numbers and odd strings: filtered by each field's rule into the ones it refuses. */
const anyValue = (ext: '.yaml' | '.json') =>
  fc.oneof(
    text,
    fc.constantFrom(...SIGNS),
    fc.integer({ min: -2_000_000_000, max: 2_000_000_000 }),
    fc.double(),
    fc.constantFrom(0, -0, 1, -1, 0.5, 1.5, 99.9, 1e300, -1e300, Number.MAX_SAFE_INTEGER + 2, 5e-324),
    fc.boolean(),
    fc.constant(null),
    smallArray,
    smallObject,
    rawNumber(ext),
  );

type Rule = (v: unknown) => boolean;
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && !isRaw(v);
const isNumber =
  (opts: { int?: boolean; gt?: number; min?: number; max?: number; lt?: number }): Rule =>
  (v) =>
    finite(v) &&
    (!opts.int || Number.isInteger(v)) &&
    (opts.gt === undefined || v > opts.gt) &&
    (opts.min === undefined || v >= opts.min) &&
    (opts.max === undefined || v <= opts.max) &&
    (opts.lt === undefined || v < opts.lt);
const isString: Rule = (v) => typeof v === 'string' && !isRaw(v);
const isNonEmptyString: Rule = (v) => isString(v) && (v as string).length > 0;
const isPlainObject: Rule = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A value the rule refuses. */
const refusedBy = (ext: '.yaml' | '.json', rule: Rule) => anyValue(ext).filter((v) => !rule(v));

// ---------------------------------------------------------------------------------------------- documents

export function formatPath(path: Path): string {
  if (path.length === 0) return '(root)';
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');
}

function setAt(doc: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  let node = doc as Record<string | number, unknown>;
  path.slice(0, -1).forEach((key, i) => {
    node[key] ??= typeof path[i + 1] === 'number' ? [] : {};
    node = node[key] as Record<string | number, unknown>;
  });
  // defineProperty: a generated key named __proto__ must be a key, as it is in the file.
  Object.defineProperty(node, path[path.length - 1]!, { value, enumerable: true, writable: true, configurable: true });
  return doc;
}

function deleteAt(doc: unknown, path: Path): unknown {
  let node = doc as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  delete node[path[path.length - 1]!];
  return doc;
}

function serialize(doc: unknown, ext: '.yaml' | '.json'): string {
  const textOf = ext === '.json' ? JSON.stringify(doc, null, 2) : toYaml(doc, { lineWidth: 0 });
  return textOf.replace(/["']?RAW__(.*?)__RAW["']?/g, '$1');
}

interface Field {
  path: Path;
  /** What the field accepts; generated values are the ones it refuses. */
  rule?: Rule;
  /** Or: values it refuses, made on purpose. */
  refused?: (ext: '.yaml' | '.json') => fc.Arbitrary<unknown>;
  /** Where the error points, when not at the field itself (a refinement of the object holding it). */
  at?: Path;
}

interface Schema {
  kind: Kind;
  base: () => unknown;
  fields: Field[];
  /** Objects that take no other keys, and the keys they take. */
  strict: { path: Path; keys: string[] }[];
  /** Fields that must be there, and where the error then points. */
  required: { path: Path; at: Path }[];
  /** Whole documents that are wrong, each with where the error points. */
  documents?: (ext: '.yaml' | '.json') => fc.Arbitrary<{ doc: unknown; at: Path; mentions?: string[]; why: string }>;
}

function fieldCases(schema: Schema, ext: '.yaml' | '.json'): fc.Arbitrary<BadFile> {
  const fieldCase = fc.constantFrom(...schema.fields).chain((field) =>
    (field.refused ? field.refused(ext) : refusedBy(ext, field.rule!)).map((value) => ({
      doc: setAt(schema.base(), field.path, value),
      at: field.at ?? field.path,
      why: `${formatPath(field.path)} = ${safeJson(value)}`,
    })),
  );
  const unknownKey = fc.constantFrom(...schema.strict).chain(({ path, keys }) =>
    fc
      .tuple(
        fc.oneof(
          text,
          word.map((w) => `x${w}`),
        ),
        fc.oneof(fc.integer(), text, fc.boolean(), fc.constant(null)),
      )
      .filter(([key]) => !keys.includes(key))
      .map(([key, value]) => ({ doc: setAt(schema.base(), [...path, key], value), at: path, why: `unknown key ${safeJson(key)} in ${formatPath(path)}` })),
  );
  const missing = fc
    .constantFrom(...(schema.required.length > 0 ? schema.required : [{ path: ['never'], at: [] }]))
    .map(({ path, at }) => ({ doc: deleteAt(schema.base(), path), at, why: `${formatPath(path)} left out` }));
  const notAnObject = fc.oneof(smallArray, text, fc.integer(), fc.boolean(), fc.constant(null)).map((doc) => ({ doc, at: [] as Path, why: `the document is ${safeJson(doc)}` }));
  // Junk nested far deeper than any real file, where a field should be.
  // YAML's parser may refuse such nesting itself; JSON's reaches perfgate's own bound, which names the field.
  const nested = fc.tuple(fc.constantFrom(...schema.fields), fc.integer({ min: 110, max: 300 })).map(([field, depth]) => {
    let value: unknown = 1;
    for (let i = 0; i < depth; i++) value = [value];
    const at = formatPath(field.path);
    return {
      doc: setAt(schema.base(), field.path, value),
      at: [] as Path,
      replaceMentions: ext === '.json' ? [at, 'nested more than'] : [],
      anyOf: ext === '.json' ? undefined : [`${at}[0]`, 'not valid YAML'],
      why: `${at} nested ${depth} deep`,
    };
  });
  const options = [
    { weight: 8, arbitrary: fieldCase },
    { weight: 2, arbitrary: unknownKey },
    ...(schema.required.length > 0 ? [{ weight: 1, arbitrary: missing }] : []),
    { weight: 1, arbitrary: notAnObject },
    { weight: 1, arbitrary: nested },
    ...(schema.documents ? [{ weight: 3, arbitrary: schema.documents(ext) }] : []),
  ];
  return fc.oneof(...options).map(({ doc, at, why, ...rest }) => {
    const extra = rest as { mentions?: string[]; replaceMentions?: string[]; anyOf?: string[] };
    return {
      kind: schema.kind,
      ext,
      content: serialize(doc, ext),
      mentions: extra.replaceMentions ?? [formatPath(at), ...(extra.mentions ?? [])],
      anyOf: extra.anyOf,
      why,
    };
  });
}

/** Broken syntax: the line says the file is not JSON or YAML (or is empty), not which field. */
function syntaxCases(schema: Schema, ext: '.yaml' | '.json'): fc.Arbitrary<BadFile> {
  const valid = serialize(schema.base(), ext);
  const make = (content: string | Uint8Array, why: string, mentions: string[], anyOf?: string[]): BadFile => ({ kind: schema.kind, ext, content, mentions, anyOf, why });
  const firstKey = Object.keys(schema.base() as object)[0]!;
  if (ext === '.json') {
    return fc.oneof(
      fc.integer({ min: 1, max: valid.length - 1 }).map((cut) => make(valid.slice(0, cut), `truncated at ${cut}`, ['not valid JSON'])),
      fc.constant(make(valid.replace(/\s*}\s*$/, ',\n}\n'), 'trailing comma', ['not valid JSON'])),
      fc
        .constantFrom('// a comment\n', '/* a comment */', "{'single': 'quotes'}", 'NaN', 'undefined', '{a: 1}')
        .map((junk) => make(`${junk}${valid}`, `starts with ${junk}`, ['not valid JSON'])),
      fc.constant(make(valid.replace('{', `{\n  ${JSON.stringify(firstKey)}: 1,`), `duplicate key ${firstKey}`, ['not valid JSON', 'given twice'])),
      fc.constantFrom('', ' ', '\n\n', '\t').map((blank) => make(blank, 'empty', ['is empty'])),
      fc.constantFrom('[]', '"x"', '5', 'null', 'true', '[{}]').map((root) => make(root, `the document is ${root}`, ['(root)'])),
      fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => make(Buffer.concat([Buffer.from('['), Buffer.from(bytes)]), 'junk bytes', [], ['not valid JSON', '(root)'])),
    );
  }
  return fc.oneof(
    fc
      .constantFrom(
        ['x: [1, 2\n', 'unclosed flow sequence'],
        ['x: {a: 1\n', 'unclosed flow mapping'],
        ['\tx: 1\n', 'tab indentation'],
        ['---\nx: 1\n', 'a second document'],
        ['x: *nowhere\n', 'an alias with no anchor'],
        ['x: !custom 1\n', 'an unknown tag'],
        ['x: "unterminated\n', 'an unterminated string'],
        [`${firstKey}: again\n`, 'a duplicate key'],
        ['- item\n', 'a list after a mapping'],
      )
      .map(([tail, why]) => make(`${valid}${tail}`, why, ['not valid YAML'])),
    fc.constantFrom('', '\n', '# only a comment\n', '   \n# two\n').map((blank) => make(blank, 'empty', ['is empty'])),
    fc.constantFrom('- a\n', 'just a string\n', '5\n', '~\n', 'true\n', '[1, 2]\n').map((root) => make(root, `the document is ${root.trim()}`, ['(root)'])),
    fc
      .uint8Array({ minLength: 1, maxLength: 64 })
      .map((bytes) => make(Buffer.concat([Buffer.from('- '), Buffer.from(bytes)]), 'junk bytes', [], ['not valid YAML', '(root)', 'is empty'])),
  );
}

export function badFile(schema: Schema): fc.Arbitrary<BadFile> {
  return fc
    .constantFrom<'.yaml' | '.json'>('.yaml', '.json')
    .chain((ext) => fc.oneof({ weight: 4, arbitrary: fieldCases(schema, ext) }, { weight: 1, arbitrary: syntaxCases(schema, ext) }));
}

function safeJson(value: unknown): string {
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 60 ? `${json.slice(0, 60)}…` : json;
}

// ---------------------------------------------------------------------------------------------- the four schemas

const CHECKS = ['bundle', 'explain', 'load', 'lighthouse'];
const unknownName = fc
  .oneof(
    text,
    word.map((w) => `zz-${w}`),
  )
  .filter((s) => !CHECKS.includes(s));
const notArrayOrEmpty = (ext: '.yaml' | '.json') => fc.oneof(refusedBy(ext, Array.isArray), fc.constant([]));

export const budgetSchema: Schema = {
  kind: 'budget',
  base: () => ({ version: 1, rules: [{ check: 'load', metric: 'latency.p95', max: 50, regression: { tolerance: 0.1 } }] }),
  fields: [
    { path: ['version'], rule: (v) => v === 1 },
    { path: ['rules'], refused: notArrayOrEmpty },
    { path: ['regression'], rule: isPlainObject },
    { path: ['rules', 0], rule: isPlainObject },
    { path: ['rules', 0, 'check'], refused: (ext) => fc.oneof(refusedBy(ext, isNonEmptyString), unknownName) },
    // "zz-…" names no metric of any check, and holds no glob character.
    {
      path: ['rules', 0, 'metric'],
      refused: (ext) =>
        fc.oneof(
          refusedBy(ext, isNonEmptyString),
          word.map((w) => `zz-${w}`),
        ),
    },
    { path: ['rules', 0, 'max'], rule: finite },
    { path: ['rules', 0, 'min'], rule: finite },
    { path: ['rules', 0, 'min'], refused: () => fc.integer({ min: 51, max: 1e9 }), at: ['rules', 0] },
    { path: ['rules', 0, 'subject'], rule: isNonEmptyString },
    { path: ['rules', 0, 'severity'], rule: (v) => v === 'error' || v === 'warn' },
    { path: ['rules', 0, 'regression'], rule: isPlainObject },
    { path: ['rules', 0, 'regression', 'tolerance'], rule: isNumber({ min: 0, max: 10 }) },
    { path: ['rules', 0, 'regression', 'confidence'], rule: isNumber({ gt: 0.5, lt: 1 }) },
    { path: ['rules', 0, 'source'], rule: isString },
    { path: ['rules', 0, 'description'], rule: isString },
  ],
  strict: [
    { path: [], keys: ['version', 'regression', 'rules'] },
    { path: ['rules', 0], keys: ['check', 'metric', 'subject', 'max', 'min', 'severity', 'regression', 'source', 'description'] },
    { path: ['rules', 0, 'regression'], keys: ['tolerance', 'confidence'] },
  ],
  required: [
    { path: ['rules'], at: ['rules'] },
    { path: ['rules', 0, 'check'], at: ['rules', 0, 'check'] },
    { path: ['rules', 0, 'metric'], at: ['rules', 0, 'metric'] },
  ],
  // A rule with nothing to judge by: no max, min or regression.
  documents: () => fc.constant({ doc: { rules: [{ check: 'load', metric: 'latency.p95' }] }, at: ['rules', 0], why: 'a rule with no max, min or regression' }),
};

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Characters no request target may hold as they are. */
const NOT_IN_PATH = [' ', '"', '<', '>', '\\', '^', '`', '|', '#', '\n', '\r', '\t', '\u0000', 'é', '😀', '%zz', '%4'];
const pathPart = fc.stringMatching(/^[a-z0-9/._-]{0,8}$/);
/** Placeholder names perfgate does not know: not uuid, seq, vars.… or env.… */
const unknownPlaceholder = fc.oneof(
  word.map((w) => `x${w}`),
  fc.constantFrom('UUID', 'Seq', 'vars', 'vars.', 'env', 'env.', 'env.1X', 'ENV.X', '', 'uuid.x'),
);
const unsetEnv = word.map((w) => `{{env.PERFGATE_FUZZ_UNSET_${w.toUpperCase()}}}`);
const varsPlaceholder = word.map((w) => `{{vars.${w}}}`);
/** A path no request can go to, for a scenario without setup. */
const badPath = (ext: '.yaml' | '.json') =>
  fc.oneof(
    refusedBy(ext, (v) => isString(v) && (v as string).startsWith('/')),
    fc.tuple(pathPart, fc.constantFrom(...NOT_IN_PATH), pathPart).map(([a, bad, b]) => `/${a}${bad}${b}`),
    fc.tuple(pathPart, unknownPlaceholder).map(([a, name]) => `/${a}{{${name}}}`),
    fc.tuple(pathPart, varsPlaceholder).map(([a, v]) => `/${a}${v}`),
    fc.tuple(pathPart, unsetEnv).map(([a, v]) => `/${a}${v}`),
  );
const safeHeaderText = fc.stringMatching(/^[ -~]{0,8}$/).map((s) => s.replace(/[{}]/g, ''));
/** A header value that is refused: not a string, a control character in it, or a placeholder that cannot be filled. */
const badHeaderValue = (ext: '.yaml' | '.json') =>
  fc.oneof(
    refusedBy(ext, isString),
    fc.tuple(safeHeaderText, controlChar, safeHeaderText).map(([a, c, b]) => `${a}${c}${b}`),
    fc.tuple(safeHeaderText, unknownPlaceholder).map(([a, name]) => `${a}{{${name}}}`),
    fc.tuple(safeHeaderText, varsPlaceholder).map(([a, v]) => `${a}${v}`),
    fc.tuple(safeHeaderText, unsetEnv).map(([a, v]) => `${a}${v}`),
  );

export const scenarioSchema: Schema = {
  kind: 'scenario',
  base: () => ({ name: 's', rounds: 1, duration: 0.1, warmup: 0, requests: [{ name: 'hello', method: 'GET', path: '/hello', headers: { 'x-fuzz': 'ok' } }] }),
  fields: [
    { path: ['name'], rule: isNonEmptyString },
    { path: ['description'], rule: isString },
    { path: ['connections'], rule: isNumber({ int: true, gt: 0, max: 10_000 }) },
    { path: ['duration'], rule: isNumber({ gt: 0, max: 3600 }) },
    { path: ['rounds'], rule: isNumber({ int: true, gt: 0, max: 1000 }) },
    { path: ['warmup'], rule: isNumber({ min: 0, max: 600 }) },
    // No function can be written in YAML or JSON.
    { path: ['setup'], rule: () => false },
    { path: ['setupTimeout'], rule: isNumber({ gt: 0, max: 3600 }) },
    { path: ['requests'], refused: notArrayOrEmpty },
    { path: ['requests', 0], rule: isPlainObject },
    { path: ['requests', 0, 'name'], rule: isNonEmptyString },
    { path: ['requests', 0, 'method'], rule: (v) => METHODS.includes(v as string) },
    { path: ['requests', 0, 'path'], refused: badPath },
    { path: ['requests', 0, 'headers'], rule: isPlainObject },
    { path: ['requests', 0, 'headers', 'x-fuzz'], refused: badHeaderValue },
    { path: ['requests', 0, 'body'], rule: (v) => typeof v === 'string' || (typeof v === 'object' && v !== null) },
    {
      path: ['requests', 0, 'body'],
      refused: () =>
        fc.oneof(
          fc.tuple(safeHeaderText, unknownPlaceholder).map(([a, n]) => `${a}{{${n}}}`),
          varsPlaceholder.map((v) => ({ a: [v] })),
        ),
    },
    { path: ['requests', 0, 'connections'], rule: isNumber({ int: true, gt: 0, max: 10_000 }) },
    { path: ['requests', 0, 'expect'], refused: notArrayOrEmpty },
    { path: ['requests', 0, 'expect', 0], rule: isNumber({ int: true, min: 100, max: 599 }) },
  ],
  strict: [
    { path: [], keys: ['name', 'description', 'connections', 'duration', 'rounds', 'warmup', 'setup', 'setupTimeout', 'requests'] },
    { path: ['requests', 0], keys: ['name', 'method', 'path', 'headers', 'body', 'connections', 'expect'] },
  ],
  required: [
    { path: ['name'], at: ['name'] },
    { path: ['requests'], at: ['requests'] },
    { path: ['requests', 0, 'path'], at: ['requests', 0, 'path'] },
  ],
  documents: (ext) =>
    fc.oneof(
      // A header name that is no HTTP token: the error names it.
      fc
        .oneof(text, fc.constantFrom('x y', 'x:y', 'a\r\nb', '', ' ', '(x)', 'é', 'a/b', 'x\u0000'))
        .filter((name) => !TOKEN.test(name))
        .map((name) => ({
          doc: { name: 's', requests: [{ path: '/a', headers: { [name]: 'v' } }] },
          at: ['requests', 0, 'headers', name] as Path,
          why: `header name ${safeJson(name)}`,
        })),
      // Two requests measured under one subject.
      fc
        .constantFrom('/a', '/a?x=1')
        .map((second) => ({ doc: { name: 's', requests: [{ path: '/a' }, { path: second }] }, at: ['requests', 1] as Path, why: `duplicate subject ${second}` })),
      refusedBy(ext, isNumber({ int: true, min: 100, max: 599 })).map((status) => ({
        doc: { name: 's', requests: [{ path: '/a', expect: [200, status] }] },
        at: ['requests', 0, 'expect', 1] as Path,
        why: `expect ${safeJson(status)}`,
      })),
    ),
};

const CONFIG_STRINGS = ['url', 'budgets', 'baseline', 'out', 'databaseUrl', 'redisUrl', 'bundleDir'];
export const configSchema: Schema = {
  kind: 'config',
  base: () => ({ rounds: 3 }),
  fields: [
    ...CONFIG_STRINGS.map((key) => ({ path: [key], rule: isString })),
    { path: ['rounds'], rule: isNumber({ int: true, gt: 0, max: 1000 }) },
    { path: ['duration'], rule: isNumber({ gt: 0, max: 3600 }) },
    { path: ['connections'], rule: isNumber({ int: true, gt: 0, max: 10_000 }) },
    { path: ['warmup'], rule: isNumber({ min: 0, max: 600 }) },
    {
      path: ['only'],
      refused: (ext) =>
        fc.oneof(
          notArrayOrEmpty(ext),
          unknownName.map((name) => ['load', name]),
        ),
    },
    {
      path: ['skip'],
      refused: (ext) =>
        fc.oneof(
          refusedBy(ext, Array.isArray),
          unknownName.map((name) => [name]),
        ),
    },
  ],
  // The config also takes each check's options, and a section per check: none of those is an unknown key.
  strict: [
    {
      path: [],
      keys: [
        ...CONFIG_STRINGS,
        ...CHECKS,
        'rounds',
        'duration',
        'connections',
        'warmup',
        'only',
        'skip',
        'scenario',
        'queries',
        'pages',
        'lighthouseRuns',
        'formFactor',
        'json',
        'config',
      ],
    },
  ],
  required: [],
};

const QUERY_NAME = /^[\w.:/@-]+$/;
const noStatement = fc
  .array(fc.constantFrom(';', ' ', '\n', '\t', '-- a comment\n', '/* a comment */', '/* nested /* comment */ */', ';;'), { minLength: 1, maxLength: 5 })
  .map((parts) => parts.join(''))
  .filter((sql) => sql.trim() !== '');
export const querySetSchema: Schema = {
  kind: 'queries',
  base: () => ({ name: 'q', runs: 1, queries: [{ name: 'a', sql: 'SELECT 1' }] }),
  fields: [
    { path: ['name'], rule: isNonEmptyString },
    { path: ['description'], rule: isString },
    { path: ['runs'], rule: isNumber({ int: true, gt: 0, max: 1000 }) },
    { path: ['statementTimeoutMs'], rule: isNumber({ int: true, gt: 0, max: 3_600_000 }) },
    { path: ['queries'], refused: notArrayOrEmpty },
    { path: ['queries', 0], rule: isPlainObject },
    { path: ['queries', 0, 'name'], rule: (v) => isString(v) && QUERY_NAME.test(v as string) },
    { path: ['queries', 0, 'description'], rule: isString },
    {
      path: ['queries', 0, 'sql'],
      refused: (ext) =>
        fc.oneof(
          refusedBy(ext, isString),
          fc.constant(''),
          noStatement,
          fc.constantFrom('EXPLAIN SELECT 1', 'explain analyze select 1', 'SELECT 1; SELECT 2', 'SELECT 1;\nDROP TABLE x', 'SELECT 1\u0000'),
        ),
    },
    { path: ['queries', 0, 'params'], rule: Array.isArray },
    // SELECT 1 takes no parameter: any value is one too many.
    { path: ['queries', 0, 'params'], refused: () => fc.array(fc.oneof(fc.integer(), text), { minLength: 1, maxLength: 3 }) },
  ],
  strict: [
    { path: [], keys: ['name', 'description', 'runs', 'statementTimeoutMs', 'queries'] },
    { path: ['queries', 0], keys: ['name', 'description', 'sql', 'params'] },
  ],
  required: [
    { path: ['name'], at: ['name'] },
    { path: ['queries'], at: ['queries'] },
    { path: ['queries', 0, 'sql'], at: ['queries', 0, 'sql'] },
  ],
  documents: () =>
    fc.oneof(
      fc.constant({
        doc: {
          name: 'q',
          queries: [
            { name: 'a', sql: 'SELECT 1' },
            { name: 'a', sql: 'SELECT 2' },
          ],
        },
        at: ['queries', 1, 'name'] as Path,
        why: 'duplicate query name',
      }),
      fc
        .integer({ min: 2, max: 9 })
        .map((n) => ({ doc: { name: 'q', queries: [{ name: 'a', sql: `SELECT $${n}`, params: [1] }] }, at: ['queries', 0, 'params'] as Path, why: `$${n} with one param` })),
    ),
};

// ---------------------------------------------------------------------------------------------- flags

// Plain decimal notation, as `perfgate run --help` promises for numbers.
const DECIMAL = /^[+]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const NUMERIC_FLAGS: { flag: string; rule: (n: number) => boolean }[] = [
  { flag: '--rounds', rule: (n) => Number.isInteger(n) && n > 0 && n <= 1000 },
  { flag: '--duration', rule: (n) => Number.isFinite(n) && n > 0 && n <= 3600 },
  { flag: '--connections', rule: (n) => Number.isInteger(n) && n > 0 && n <= 10_000 },
  { flag: '--warmup', rule: (n) => Number.isFinite(n) && n >= 0 && n <= 600 },
  { flag: '--lighthouse-runs', rule: (n) => Number.isInteger(n) && n > 0 && n <= 100 },
];
const numberText = fc.oneof(
  text,
  fc.constantFrom(
    ...SIGNS,
    '-0',
    '0.0',
    '-Infinity',
    '1e999',
    '0b1',
    '1_000',
    '5abc',
    ' 5',
    '5 ',
    '１',
    '1,000',
    '+-1',
    '1e',
    '.',
    '1.5',
    '99999999999999999999',
    '9'.repeat(400),
    '1\n2',
    '--help',
    '-h',
  ),
  fc.integer({ min: -1_000_000, max: 1_000_000 }).map(String),
  fc.double().map(String),
);
const withValue = (flag: string, value: string): fc.Arbitrary<string[]> => fc.constantFrom<string[]>([flag, value], [`${flag}=${value}`]);

export function badFlag(knownFlags: string[], badOutDirs: fc.Arbitrary<string>): fc.Arbitrary<BadFlag> {
  const numeric = fc
    .constantFrom(...NUMERIC_FLAGS)
    .chain(({ flag, rule }) =>
      numberText
        .filter((v) => !(DECIMAL.test(v) && rule(Number(v))))
        .chain((v) => withValue(flag, v).map((args) => ({ args, replaces: [], mentions: [flag], why: `${flag} ${safeJson(v)}` }))),
    );
  const validList = (known: string[]) => (v: string) => {
    const names = v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    return names.length > 0 && names.every((n) => known.includes(n));
  };
  const listText = fc
    .array(fc.oneof(fc.constantFrom(...CHECKS, 'lodd', 'LOAD', 'all', '*', '', ' '), text), { maxLength: 4 })
    .chain((parts) => fc.constantFrom(',', ', ', ';').map((sep) => parts.join(sep)));
  const checks = fc
    .constantFrom('--only', '--skip')
    .chain((flag) =>
      listText
        .filter((v) => !validList(CHECKS)(v))
        .chain((v) => withValue(flag, v).map((args) => ({ args, replaces: flag === '--only' ? ['--only'] : [], mentions: [flag], why: `${flag} ${safeJson(v)}` }))),
    );
  const pages = fc
    .oneof(text, fc.constantFrom('', ',', ' , ', 'about', 'login,/x', './a', 'http://x/'))
    .filter((v) => {
      const paths = v
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean);
      return paths.length === 0 || paths.some((p) => !p.startsWith('/'));
    })
    .chain((v) => withValue('--pages', v).map((args) => ({ args, replaces: [], mentions: ['--pages'], why: `--pages ${safeJson(v)}` })));
  const urlRule = (protocols: string[]) => (v: string) => {
    try {
      return protocols.includes(new URL(v).protocol);
    } catch {
      return false;
    }
  };
  const url = fc
    .oneof(
      text,
      fc.constantFrom(
        '',
        'not a url',
        'ftp://127.0.0.1/',
        'http//x',
        '127.0.0.1:9',
        'javascript:alert(1)',
        'file:///etc/passwd',
        'postgres://127.0.0.1/x',
        'http://',
        'http://[::1',
        'mailto:x@y',
      ),
    )
    .filter((v) => !urlRule(['http:', 'https:'])(v))
    .map((v) => ({ args: ['--url', v], replaces: ['--url'], mentions: ['--url'], why: `--url ${safeJson(v)}` }));
  const databaseUrl = fc
    .oneof(text, fc.constantFrom('', 'mysql://x@127.0.0.1/db', 'http://127.0.0.1:5432/', 'postgres//x', '127.0.0.1:5432', 'redis://127.0.0.1'))
    .filter((v) => !urlRule(['postgres:', 'postgresql:'])(v))
    .chain((v) => withValue('--database-url', v).map((args) => ({ args, replaces: [], mentions: ['--database-url'], why: `--database-url ${safeJson(v)}` })));
  const formFactor = fc
    .oneof(text, fc.constantFrom('', 'tablet', 'Mobile', 'DESKTOP', 'mobile ', 'mobile\n'))
    .filter((v) => v !== 'mobile' && v !== 'desktop')
    .chain((v) => withValue('--form-factor', v).map((args) => ({ args, replaces: [], mentions: ['--form-factor'], why: `--form-factor ${safeJson(v)}` })));
  const out = badOutDirs.map((dir) => ({ args: ['--out', dir], replaces: ['--out'], mentions: ['--out'], why: `--out ${dir}` }));
  const unknownFlag = fc
    .stringMatching(/^--[a-z][a-z0-9-]{1,14}$/)
    .filter((f) => !knownFlags.includes(f) && !['--help', '--version'].includes(f))
    .map((f) => ({ args: [f], replaces: [], mentions: [`unknown option '${f}'`], why: `unknown ${f}` }));
  const missingValue = fc
    .constantFrom('--rounds', '--duration', '--pages', '--database-url', '--form-factor', '--budgets', '--scenario')
    .map((flag) => ({ args: [flag], replaces: [flag], mentions: [flag, 'argument missing'], why: `${flag} with no value` }));
  const cases: fc.Arbitrary<BadFlag> = fc.oneof(
    { weight: 6, arbitrary: numeric },
    { weight: 2, arbitrary: checks },
    { weight: 1, arbitrary: pages },
    { weight: 2, arbitrary: url },
    { weight: 1, arbitrary: databaseUrl },
    { weight: 1, arbitrary: formFactor },
    { weight: 2, arbitrary: out },
    { weight: 1, arbitrary: unknownFlag },
    { weight: 1, arbitrary: missingValue },
  ) as fc.Arbitrary<BadFlag>;
  return cases;
}
