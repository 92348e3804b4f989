// Lint rules, including the import boundaries of DESIGN.md §4 / STYLE.md:
// each domain folder may import only the folders listed for it.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';

const ALL = ['core', 'market', 'pricing', 'indicators', 'strategy', 'hedge', 'portfolio', 'engine', 'backtest', 'signals', 'adapters', 'store', 'report', 'research', 'cli', 'web'];
const ALLOWED = {
  core: [],
  pricing: ['core'],
  indicators: ['core'],
  market: ['core'],
  portfolio: ['core', 'market', 'pricing'],
  strategy: ['core', 'market', 'pricing', 'indicators', 'portfolio'],
  hedge: ['core', 'market', 'pricing', 'indicators', 'portfolio'],
  engine: ['core', 'market', 'pricing', 'indicators', 'portfolio', 'strategy', 'hedge'],
  backtest: ['core', 'market', 'pricing', 'indicators', 'portfolio', 'strategy', 'hedge', 'engine', 'signals'],
  signals: ['core', 'market', 'pricing', 'indicators', 'portfolio', 'strategy', 'hedge', 'engine'],
  adapters: ['core', 'market'],
  store: ['core', 'market'],
  report: ['core', 'market', 'backtest'],
  research: ['core', 'market', 'pricing', 'indicators', 'portfolio', 'strategy', 'hedge', 'engine', 'signals', 'backtest'],
  web: ['core', 'store', 'pricing', 'market', 'report'],
  cli: ALL,
};

const boundaryRules = Object.entries(ALLOWED).map(([mod, allowed]) => ({
  files: [`src/${mod}/**/*.ts`],
  ignores: ['src/**/*.test.ts'],
  rules: {
    'no-restricted-imports': ['error', {
      patterns: ALL.filter((m) => m !== mod && !allowed.includes(m)).map((m) => ({
        group: [`**/${m}/*`, `../${m}`, `../../${m}`],
        message: `src/${mod} may not import src/${m} (see DESIGN.md §4 import boundaries).`,
      })),
    }],
  },
}));

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'bench/out/**', 'coverage/**', 'test/lint/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    // Only the clock edge and the CLI may read the wall clock or draw randomness.
    files: ['src/**/*.ts'],
    ignores: ['src/core/time.ts', 'src/cli/**', 'src/web/**', 'src/store/**', 'src/**/*.test.ts'],
    rules: {
      'no-restricted-syntax': ['error',
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Pass a Clock instead of Date.now().' },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Pass a Clock instead of new Date().' },
        { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'Pass a seeded Rng instead of Math.random().' },
      ],
    },
  },
  ...boundaryRules,
  {
    // The browser scripts (compiled with tsconfig.client.json): DOM globals and uPlot's, no Node.
    files: ['src/web/client/**/*.ts', 'src/report/client/**/*.ts'],
    languageOptions: { globals: { ...globals.browser, uPlot: 'readonly' } },
  },
  {
    // No import cycles anywhere in src (DESIGN.md §4): a cycle makes module load order matter
    // and hides a layering mistake. Type-only imports (erased by the compiler) are not counted.
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createNodeResolver({ extensionAlias: { '.js': ['.ts', '.js'] } })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
);
