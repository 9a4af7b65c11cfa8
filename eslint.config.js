// The rules that keep the layers, run by `npm run lint` in `npm test` (imports between layers and
// cycles are dependency-cruiser's, in .dependency-cruiser.cjs):
//   1. SQL only in repositories and src/db/ — no Kysely (nor pg, better-sqlite3) import and no
//      query builder call elsewhere;
//   2. no account category compared outside src/policies.ts — ask `can` / `authorize` / the scopes.
// No file is exempt: a file that breaks a rule is moved, not listed.
import tseslint from 'typescript-eslint';

const TESTS = ['**/*.test.ts', '**/*.test.tsx', 'src/testing/**', 'e2e/**', 'bench/**', 'scripts/**'];
const REPOSITORIES = ['src/db/**', 'src/**/*repository.ts', 'src/**/repositories/**'];
/** Where categories are defined (the schema, the migrations that created them) and decided. */
const CATEGORY_HOME = ['src/policies.ts', 'src/db/schema.ts', 'src/db/migrations/**'];

const SQL_MESSAGE = 'SQL belongs in a repository (a *repository.ts file or src/db/): call one from here.';
const SQL_IMPORTS = {
  paths: ['kysely', 'pg', 'better-sqlite3'].map((name) => ({ name, message: SQL_MESSAGE })),
  patterns: [{ group: ['kysely/*'], message: SQL_MESSAGE }],
};
/** Kysely's query builders (db.selectFrom(…), trx.updateTable(…) …): they start every statement. */
const SQL_SYNTAX = [
  {
    selector:
      "CallExpression[callee.type='MemberExpression'][callee.property.name=/^(selectFrom|selectNoFrom|insertInto|replaceInto|updateTable|deleteFrom|mergeInto)$/]",
    message: SQL_MESSAGE,
  },
];

const CATEGORY_MESSAGE = 'Account categories are compared only in src/policies.ts: ask can()/authorize() or a scope from there.';
/** The categories that only accounts have (the first five are also institution kinds, compared as such). */
const OFFICIAL = '/^(都道府県|保健所|関係団体|事務局)$/';
const CATEGORY_SYNTAX = [
  // x.category === …, … !== y.category
  "BinaryExpression[operator=/^[!=]==?$/] > MemberExpression[property.name='category']",
  // … === '保健所'
  `BinaryExpression[operator=/^[!=]==?$/] > Literal[value=${OFFICIAL}]`,
  // LIST.includes(x.category), LIST.indexOf(x.category)
  "CallExpression[callee.property.name=/^(includes|indexOf|has)$/][arguments.0.property.name='category']",
  // switch (x.category) / case '保健所':
  "SwitchStatement[discriminant.property.name='category']",
  `SwitchCase > Literal.test[value=${OFFICIAL}]`,
  // a hand-made list of categories: ['都道府県', '保健所']
  `ArrayExpression > Literal[value=${OFFICIAL}]`,
  // where('category', '=', '保健所') — a repository takes the category from a policy's scope instead
  "CallExpression[callee.property.name=/^(where|orWhere|having)$/][arguments.0.value=/(^|\\.)category$/][arguments.2.type='Literal']",
].map((selector) => ({ selector, message: CATEGORY_MESSAGE }));

export default tseslint.config(
  { ignores: ['node_modules/**', 'public/**', 'docs/**', '**/*.js', '**/*.cjs'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parser: tseslint.parser, parserOptions: { ecmaFeatures: { jsx: true } } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    plugins: { '@typescript-eslint': tseslint.plugin },
  },
  // Everything under src/: both rules.
  {
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', SQL_IMPORTS],
      'no-restricted-syntax': ['error', ...SQL_SYNTAX, ...CATEGORY_SYNTAX],
    },
  },
  // Repositories write SQL; they still take categories from a scope, not from literals.
  { files: REPOSITORIES, rules: { 'no-restricted-imports': 'off', 'no-restricted-syntax': ['error', ...CATEGORY_SYNTAX] } },
  // The policies module decides on categories (and writes no SQL).
  { files: ['src/policies.ts'], rules: { 'no-restricted-syntax': ['error', ...SQL_SYNTAX] } },
  { files: CATEGORY_HOME.filter((f) => f !== 'src/policies.ts'), rules: { 'no-restricted-syntax': 'off' } },
  // Tests set up fixtures with SQL and accounts of every category.
  { files: TESTS, rules: { 'no-restricted-imports': 'off', 'no-restricted-syntax': 'off' } },
);
