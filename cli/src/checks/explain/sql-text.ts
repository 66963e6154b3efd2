/**
 * Just enough SQL lexing to tell code from text: string literals ('…', E'…', $tag$…$tag$), quoted identifiers and
 * comments (-- and nested /* *\/) are blanked to spaces, so a ";" or "$1" inside them is not mistaken for code.
 * It errs on the side of accepting: PostgreSQL's extended protocol, not this, is what keeps a query to one statement.
 */
export function blankLiterals(sql: string): string {
  return mapLiterals(sql, () => true);
}

/** The SQL with its comments blanked to spaces; string literals and quoted identifiers stay as they are. */
export function withoutComments(sql: string): string {
  return mapLiterals(sql, (isComment) => isComment);
}

/** Copies the SQL, blanking to spaces (newlines kept) each literal or comment for which `blank` says so. */
function mapLiterals(sql: string, blank: (isComment: boolean) => boolean): string {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const end = literalEnd(sql, i);
    if (end === i) {
      out += sql[i];
      i++;
    } else {
      const isComment = sql.startsWith('--', i) || sql.startsWith('/*', i);
      out += blank(isComment) ? sql.slice(i, end).replace(/[^\n]/g, ' ') : sql.slice(i, end);
      i = end;
    }
  }
  return out;
}

/** True when nothing but whitespace, ";" and comments is left: no statement for PostgreSQL to run. */
export function isEmptyStatement(sql: string): boolean {
  return !/[^\s;]/.test(withoutComments(sql));
}

/** Why a static list of params cannot go with the statement, if it cannot: $1..$N need exactly N values. */
export function paramsProblem(sql: string, given: number): string | undefined {
  const wanted = highestParameter(sql);
  if (wanted === given) return undefined;
  if (wanted === 0) return `expected no params (no $1 in the SQL), got ${given}`;
  const range = wanted === 1 ? '$1' : `$1..$${wanted}`;
  return `expected ${wanted} param${wanted === 1 ? '' : 's'} (${range} in the SQL), got ${given}`;
}

/** True when a ";" is followed by more SQL (a trailing ";" and comments after it are fine). */
export function hasSeveralStatements(sql: string): boolean {
  return /;[\s;]*[^\s;]/.test(blankLiterals(sql));
}

/** The highest $N the statement uses (0 for none): PostgreSQL needs that many parameter values. */
export function highestParameter(sql: string): number {
  let highest = 0;
  for (const match of blankLiterals(sql).matchAll(/(?<![\w$])\$(\d+)/g)) highest = Math.max(highest, Number(match[1]));
  return highest;
}

/** Where the literal or comment starting at `i` ends (exclusive), or `i` when none starts there. Unterminated: the end of the text. */
function literalEnd(sql: string, i: number): number {
  const c = sql[i];
  const next = sql[i + 1];
  const prev = i > 0 ? sql[i - 1] : '';
  if (c === '-' && next === '-') {
    const newline = sql.indexOf('\n', i);
    return newline === -1 ? sql.length : newline;
  }
  if (c === '/' && next === '*') return blockCommentEnd(sql, i);
  if (c === "'") return quotedEnd(sql, i, "'", /[eE]/.test(prev) && !/[\w$]/.test(sql[i - 2] ?? ''));
  if (c === '"') return quotedEnd(sql, i, '"', false);
  if (c === '$' && !/[\w$]/.test(prev)) {
    // $tag$ or $$ opens a dollar-quoted string; $1 (a digit first) is a parameter.
    const tag = /^\$(?:[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)?\$/.exec(sql.slice(i))?.[0];
    if (tag) {
      const close = sql.indexOf(tag, i + tag.length);
      return close === -1 ? sql.length : close + tag.length;
    }
  }
  return i;
}

/** '…' and "…" double the quote to escape it; E'…' also takes backslash escapes. */
function quotedEnd(sql: string, start: number, quote: string, backslashEscapes: boolean): number {
  let i = start + 1;
  while (i < sql.length) {
    if (backslashEscapes && sql[i] === '\\') i += 2;
    else if (sql[i] === quote && sql[i + 1] === quote) i += 2;
    else if (sql[i] === quote) return i + 1;
    else i++;
  }
  return sql.length;
}

/** PostgreSQL's block comments nest. */
function blockCommentEnd(sql: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < sql.length) {
    if (sql[i] === '/' && sql[i + 1] === '*') {
      depth++;
      i += 2;
    } else if (sql[i] === '*' && sql[i + 1] === '/') {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else i++;
  }
  return sql.length;
}
