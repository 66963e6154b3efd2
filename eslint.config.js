// ESLint guards the shape of the code base: typescript-eslint's recommended rules, no import cycles, and the
// dependency rule of cli/src —  model ← checks, judge, reports, alerts ← run ← commands  — with util shared by all and
// importing nothing of the project. Formatting is Prettier's job (`prettier --check .`), not ESLint's.
import path from 'node:path';
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const TS_AND_JS = ['.ts', '.tsx', '.js', '.mjs', '.cjs'];
const TEST_FILES = '**/*.test.{ts,tsx}';
// The folders tsconfig.json's program includes: the rules that need types run on their TypeScript files.
const TYPED_FOLDERS = ['cli', 'system-under-test', 'scenarios', 'budgets', 'dashboards', 'reports', 'bench'];

/**
 * The boundary of one folder: what its files may import of the project. Either `only` lists the project folders it
 * may import besides its own files, or `never` lists those it must not import; npm packages and node: builtins are
 * always allowed. Test files may also use the shared test harness under cli/test. Static imports, re-exports and
 * `import()` of a string are all covered, and the message says the rule.
 *
 * Import specifiers are relative and carry their extension ('../judge/x.ts'), so what `../` means depends on how
 * deep the importing file sits: the rule is spelled out once per depth, each a regular expression on the specifier.
 */
function boundary(folder, { only, never }, message) {
  const MAX_DEPTH = 6; // deeper files would fall outside the rule; the deepest folder today is 2 levels down
  const blocks = [];
  for (let depth = 0; depth <= MAX_DEPTH; depth++) {
    const level = `${folder}/${'*/'.repeat(depth)}`;
    blocks.push(restrict([`${level}*.{ts,tsx,js}`], [TEST_FILES], forbidden(depth, [])));
    blocks.push(restrict([`${level}*.test.{ts,tsx}`], [], forbidden(depth, ['cli/test'])));
  }
  return blocks;

  function forbidden(depth, testHelpers) {
    const regexes = ['^perfgate(/|$)']; // the package importing itself by name
    if (only) {
      // Climbing out of the folder (one `../` more than the depth) is forbidden unless it lands in an allowed folder.
      const fromParent = [...only, ...testHelpers].map((to) => fileOrFolder(path.posix.relative(path.posix.dirname(folder), to)));
      regexes.push(`^(\\.\\./){${depth + 1}}` + (fromParent.length ? `(?!${fromParent.join('|')})` : ''));
    } else {
      const dir = path.posix.join(folder, ...Array(depth).fill('sub'));
      for (const to of never) regexes.push(`^${fileOrFolder(path.posix.relative(dir, to))}`);
    }
    return regexes;
  }

  function restrict(files, ignores, regexes) {
    return {
      files,
      ignores,
      rules: {
        '@typescript-eslint/no-restricted-imports': ['error', { patterns: regexes.map((regex) => ({ regex, message })) }],
        'no-restricted-syntax': [
          'error',
          ...regexes.map((regex) => ({
            selector: `ImportExpression > Literal.source[value=/${regex.replaceAll('/', '\\/')}/]`,
            message,
          })),
        ],
      },
    };
  }
}

/** `../judge` as a specifier prefix: the folder (`../judge/x.ts`) or a file of that name (`../judge.ts`). */
function fileOrFolder(relative) {
  return `(${relative.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(/|\\.tsx?$))`;
}

const LAYERS = 'model ← checks, judge, reports, alerts ← run ← commands';

export default defineConfig(
  {
    ignores: ['**/node_modules/**', '**/.perfgate/**', '**/dist/**', '**/build/**', '**/coverage/**', 'dashboards/grafana/**'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    linterOptions: {
      reportUnusedDisableDirectives: 'error',
    },
    plugins: { 'import-x': importX },
    settings: {
      // Imports name their file exactly ('./foo.ts'); the resolver takes them as written.
      'import-x/extensions': TS_AND_JS,
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: [...TS_AND_JS, '.json', '.node'] })],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      // Errors here carry the cause's message in their own one line (PerfgateError), by design.
      'preserve-caught-error': 'off',
    },
  },
  {
    // A few rules that need the types, for the mistakes a type check lets through: a promise nobody awaits or
    // catches, a promise used as a condition, throwing a non-Error. Only the files of tsconfig.json's program.
    files: [`{${TYPED_FOLDERS.join(',')}}/**/*.{ts,tsx}`],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-array-delete': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-for-in-array': 'error',
      '@typescript-eslint/no-implied-eval': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/only-throw-error': 'error',
    },
  },
  {
    // Tests state exact reference values that a double cannot hold, knowingly.
    files: [TEST_FILES],
    rules: { 'no-loss-of-precision': 'off' },
  },
  {
    files: ['system-under-test/web/src/**'],
    languageOptions: { globals: { ...globals.browser } },
  },

  // The dependency rule of cli/src. The folders are disjoint, so each file gets exactly one boundary.
  ...boundary('cli/src/model', { only: [] }, 'model imports nothing of the project (npm packages only).'),
  ...boundary('cli/src/util', { only: [] }, 'util is shared by every folder and imports nothing else of the project.'),
  ...boundary(
    'cli/src/checks',
    { never: ['cli/src/judge', 'reports', 'cli/src/run', 'cli/src/commands', 'cli/src/alerts'] },
    `checks never import judge or reports (nor run, commands or alerts): ${LAYERS}.`,
  ),
  ...boundary(
    'cli/src/judge',
    { never: ['cli/src/checks', 'reports', 'cli/src/run', 'cli/src/commands', 'cli/src/alerts'] },
    `judge never imports checks, reports, run, commands or alerts: ${LAYERS}.`,
  ),
  ...boundary('reports', { only: ['cli/src/model', 'cli/src/util'] }, `reports import only cli/src/model (and util) of the project: ${LAYERS}.`),
  ...boundary('cli/src/run', { never: ['cli/src/commands'] }, `run never imports commands: ${LAYERS}.`),
  // Alerts tell people of a judged run: run/ calls them; they read the model and nothing else of the project.
  ...boundary('cli/src/alerts', { only: ['cli/src/model', 'cli/src/util'] }, `alerts import only cli/src/model (and util) of the project; only run imports alerts: ${LAYERS}.`),
  ...boundary('cli/src/commands', { never: ['cli/src/alerts'] }, `commands reach alerts through run: ${LAYERS}.`),
  // k6 hands scenarios and budgets to k6 and reads its results back: it reads the scenario schema and HDR histograms of
  // the load check, and the model; commands (and run) use it.
  ...boundary('cli/src/k6', { only: ['cli/src/model', 'cli/src/util', 'cli/src/checks'] }, `k6 imports only checks, model and util of the project: ${LAYERS}.`),
);
