/** JavaScript source to put as it is inside a literal (a call, a reference), rather than as a value. */
export class Code {
  constructor(readonly source: string) {}
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * Plain data as a JavaScript literal, indented two spaces a level: keys bare where they can be, strings as JSON writes
 * them (valid JavaScript), `Code` as it is. Short arrays and objects of scalars stay on one line.
 */
export function literal(value: unknown, indent = ''): string {
  if (value instanceof Code) return value.source;
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) {
    const items = value.map((v) => literal(v, `${indent}  `));
    if (oneLine(items)) return `[${items.join(', ')}]`;
    return `[\n${items.map((i) => `${indent}  ${i},`).join('\n')}\n${indent}]`;
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    const items = entries.map(([k, v]) => `${IDENTIFIER.test(k) ? k : JSON.stringify(k)}: ${literal(v, `${indent}  `)}`);
    if (oneLine(items)) return `{ ${items.join(', ')} }`;
    return `{\n${items.map((i) => `${indent}  ${i},`).join('\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}

function oneLine(items: string[]): boolean {
  return items.every((i) => !i.includes('\n')) && items.join(', ').length <= 80;
}

/** `GET /payments cross-border` → `getPaymentsCrossBorder`: an exported function's name, unique among `taken`. */
export function identifierFor(subject: string, taken: Set<string>): string {
  const words = subject.match(/[A-Za-z0-9]+/g) ?? [];
  const camel = words.map((w, i) => (i === 0 ? w.toLowerCase() : w[0]!.toUpperCase() + w.slice(1).toLowerCase())).join('');
  const base = /^[A-Za-z]/.test(camel) ? camel : `request${camel}`;
  let name = base;
  for (let n = 2; taken.has(name) || RESERVED.has(name); n++) name = `${base}${n}`;
  taken.add(name);
  return name;
}

/** Names the script itself defines or k6 reserves for its own entry points. */
const RESERVED = new Set(['setup', 'teardown', 'handleSummary', 'options', 'users', 'send', 'fill', 'fillDeep', 'computed', 'request', 'default']);

/** Lines of text as `// ` comments (a line holding line breaks becomes several). */
export function comment(lines: readonly string[], indent = ''): string {
  return lines
    .flatMap((line) => line.split(/\r?\n/))
    .map((line) => `${indent}//${line ? ` ${line}` : ''}`)
    .join('\n');
}
