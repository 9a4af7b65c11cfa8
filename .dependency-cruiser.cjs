// The layers, checked on every `npm test` (npm run lint): apps → domain → repositories/db → platform.
// An import may only run down these layers, nothing imports the composition root (runtime, the
// CLI) but bin/ and tests, production code never imports test helpers, and there are no cycles.
// No file is exempt: a file that breaks a rule is moved, not listed.

/** Each layer as a path pattern (paths relative to the repository root). */
const TESTS = String.raw`(\.test\.tsx?$|^src/testing/|^e2e/|^bench/|^scripts/)`;
const COMPOSITION = String.raw`^src/(runtime|cli|seed)\.ts$|^src/cli/`;
const APPS = String.raw`^src/(apps|web)/`;
const REPOSITORIES = String.raw`^src/db/|^src/.+repository\.ts$|^src/.+/repositories/`;
const PLATFORM = String.raw`^src/platform/|^src/config\.ts$`;
/** Everything else under src/: the rules and commands of each context (policies.ts among them). */
const DOMAIN_NOT = [TESTS, COMPOSITION, APPS, REPOSITORIES, PLATFORM];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle makes two modules one; break it by moving what both need one layer down.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-not-up',
      severity: 'error',
      comment: 'Domain rules and commands do not know HTTP: no import of apps/ or web/.',
      from: { path: '^src/', pathNot: DOMAIN_NOT },
      to: { path: APPS },
    },
    {
      name: 'repositories-not-up',
      severity: 'error',
      comment: 'Repositories and db/ hold storage only: they import the schema, db/ and the platform, never the domain or apps.',
      from: { path: REPOSITORIES, pathNot: TESTS },
      to: { path: '^src/', pathNot: [REPOSITORIES, PLATFORM] },
    },
    {
      name: 'platform-not-up',
      severity: 'error',
      comment: 'The platform (clock, secrets, Japanese time, config) is the bottom layer: it imports only itself.',
      from: { path: PLATFORM, pathNot: TESTS },
      to: { path: '^src/', pathNot: PLATFORM },
    },
    {
      name: 'composition-root-only-from-bin',
      severity: 'error',
      comment: 'runtime.ts and the CLI build the whole application: only bin/, the CLI itself and tests import them.',
      from: { pathNot: [TESTS, '^bin/', COMPOSITION] },
      to: { path: COMPOSITION },
    },
    {
      name: 'no-test-helpers-in-production',
      severity: 'error',
      comment: 'src/testing/ is for tests only.',
      from: { path: '^src/', pathNot: TESTS },
      to: { path: '^src/testing/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to nothing.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^node_modules/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.cjs', '.mjs', '.json'],
    },
    reporterOptions: {
      // `npm run lint:graph`: the graph folded to one node per folder (layer/context).
      archi: { collapsePattern: String.raw`^src/(apps/[^/]+|[^/]+)|^(bin|e2e|bench|scripts)/` },
      text: { highlightFocused: true },
    },
  },
};
