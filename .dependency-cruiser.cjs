// Keeps the dependency directions of docs/architecture.md true: `npx depcruise --config .dependency-cruiser.cjs
// src events projections migrations` (npm run lint runs it over bench and tests too).
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Circular imports make start-up order and testing fragile.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'events-only-zod-uuid',
      severity: 'error',
      comment: 'events/ is the contract: it depends on zod and uuid only (its tests may use vitest).',
      from: { path: '^events/', pathNot: '\\.test\\.ts$' },
      to: { pathNot: ['^events/', '(^|/)node_modules/(zod|uuid)/'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'events-no-node-core',
      severity: 'error',
      comment: 'events/ is plain data and schemas, without Node built-ins.',
      from: { path: '^events/', pathNot: '\\.test\\.ts$' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'platform-not-upwards',
      severity: 'error',
      comment: 'src/platform is the bottom layer: it never imports the api, auth, bus or inference code.',
      from: { path: '^src/platform/' },
      to: {
        path: '^src/(api|auth|bus|inference|accounts|completion|context|privacy|roles|cli|chat|observability)/|^projections/',
      },
    },
    {
      name: 'projections-not-api',
      severity: 'error',
      comment: 'Projections work from the stream alone; they never import the HTTP API.',
      from: { path: '^projections/' },
      to: { path: '^src/api/' },
    },
    {
      name: 'projections-bus-only-in-rebuild',
      severity: 'error',
      comment:
        'Projections read the stream through their durable consumers; only rebuilds (projections/rebuild) read stretches of it with the ordered reader in src/bus (read-stream-range.ts).',
      from: {
        path: '^projections/',
        pathNot: ['^projections/rebuild/', '^projections/testing/', '\\.test\\.ts$'],
      },
      to: { path: '^src/bus/' },
    },
    {
      name: 'nothing-imports-fault-tests',
      severity: 'error',
      comment:
        'tests/faults holds the fault tests (their own CI step, .ci/faults); what they share with other tests lives in tests/support.',
      from: { pathNot: '^tests/faults/' },
      to: { path: '^tests/faults/' },
    },
    {
      name: 'nothing-imports-cli',
      severity: 'error',
      comment:
        'src/cli is an entry point (npm run c4m) over the other layers; only its own files and tests import it.',
      from: { pathNot: ['^src/cli/', '\\.test\\.ts$', '^tests/'] },
      to: { path: '^src/cli/' },
    },
    {
      name: 'only-api-imports-api',
      severity: 'error',
      comment: 'src/api sits on top: only the roles that start it (and tests) may import it.',
      from: {
        path: '^(src|projections|events|migrations)/',
        pathNot: ['^src/api/', '^src/roles/', '\\.test\\.ts$'],
      },
      to: { path: '^src/api/' },
    },
    {
      name: 'datasets-not-entry-points',
      severity: 'error',
      comment:
        'src/datasets (the catalog, row sources and pins) serves the datasets route and the CLI; it never imports them.',
      from: { path: '^src/datasets/' },
      to: { path: '^src/(api|cli|roles)/' },
    },
    {
      name: 'datasets-catalog-for-readers',
      severity: 'error',
      comment:
        'The dataset catalog and downloads are for the readers (src/api, src/cli); src/datasets/formats and http are the shared column and answer libraries anyone may use.',
      from: {
        path: '^(src|projections|events|migrations)/',
        pathNot: ['^src/(datasets|api|cli)/', '\\.test\\.ts$'],
      },
      to: { path: '^src/datasets/', pathNot: '^src/datasets/(formats|http)/' },
    },
    {
      name: 'replay-uses-events-bus-platform-formats',
      severity: 'error',
      comment:
        'src/replay reads slices of the stream: it uses events/, the ordered reader and stream of src/bus, src/platform and the dataset encoders (src/datasets/formats), nothing else of the project.',
      from: { path: '^src/replay/', pathNot: '\\.test\\.ts$' },
      to: {
        path: '^(src|projections|migrations|models|tests|bench|ui)/',
        pathNot: '^src/(replay|bus|platform|datasets/formats)/',
      },
    },
    {
      name: 'only-cli-api-import-replay',
      severity: 'error',
      comment:
        'Replays are asked for through the c4m command and the HTTP API (the events dataset of src/datasets, and tests); nothing else imports them.',
      from: { pathNot: ['^src/(replay|cli|api|datasets)/', '\\.test\\.ts$', '^tests/'] },
      to: { path: '^src/replay/' },
    },
    {
      name: 'migrations-frozen',
      severity: 'error',
      comment: 'Migrations are frozen in time: they import nothing of the project (kysely and pg only).',
      from: { path: '^migrations/' },
      to: { path: '^(src|events|projections|models|tests|bench|ui)/' },
    },
    {
      name: 'migrations-only-kysely-pg',
      severity: 'error',
      comment: 'Migrations use kysely and pg only, besides Node built-ins.',
      from: { path: '^migrations/' },
      to: {
        dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg'],
        pathNot: '(^|/)node_modules/(kysely|pg|@types/pg)/',
      },
    },
    {
      name: 'dataset-formats-pure',
      severity: 'error',
      comment:
        'src/datasets/formats is a pure library shared by the CLI, the API and bench: of the project it imports src/platform only (its tests may use tests/support).',
      from: { path: '^src/datasets/formats/', pathNot: '\\.test\\.ts$' },
      to: {
        path: '^(src|events|projections|migrations|models|tests|bench|ui)/',
        pathNot: '^src/(platform|datasets/formats)/',
      },
    },
    {
      name: 'dataset-http-only-formats',
      severity: 'error',
      comment:
        'src/datasets/http (the streaming download Response) builds on src/datasets/formats and src/platform only, so any HTTP layer can use it.',
      from: { path: '^src/datasets/http/', pathNot: '\\.test\\.ts$' },
      to: {
        path: '^(src|events|projections|migrations|models|tests|bench|ui)/',
        pathNot: '^src/(platform|datasets/formats|datasets/http)/',
      },
    },
    {
      name: 'evaluation-pure',
      severity: 'error',
      comment:
        'src/evaluation is pure computation (metrics, aggregation, the evaluation schema): no Node built-ins, no I/O; besides itself it imports only types, from src/datasets/formats and src/platform. (Packages are outside this graph, node_modules being excluded; src/evaluation/imports.test.ts keeps them out.)',
      from: { path: '^src/evaluation/', pathNot: '\\.test\\.ts$' },
      to: {
        pathNot: '^src/evaluation/',
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'evaluation-types-only-from-formats-platform',
      severity: 'error',
      comment: 'The types src/evaluation may import: the dataset column interface and platform types.',
      from: { path: '^src/evaluation/', pathNot: '\\.test\\.ts$' },
      to: {
        dependencyTypes: ['type-only'],
        pathNot: ['^src/evaluation/', '^src/datasets/formats/', '^src/platform/'],
      },
    },
    {
      name: 'studies-on-accounts-platform-evaluation',
      severity: 'error',
      comment:
        'src/studies (configs as data, studies, their schedule and report) builds on events/, src/accounts (the outbox, users, the plugin config builder), src/platform, src/evaluation (edit similarity, Wilson), the model registry of src/inference and the checkpoints of projections/runner (for asOfSeq in the report); nothing else of the project.',
      from: { path: '^src/studies/', pathNot: '\\.test\\.ts$' },
      to: {
        path: '^(src|projections|migrations|models|tests|bench|ui)/',
        pathNot: ['^src/(studies|accounts|platform|evaluation|inference)/', '^projections/runner/'],
      },
    },
    {
      name: 'only-entry-points-import-studies',
      severity: 'error',
      comment:
        'Studies are used by the routes (src/api), the c4m commands (src/cli) and the api role (src/roles, the schedule); the read model (projections/studies) works from the events alone.',
      from: { pathNot: ['^src/(studies|api|cli|roles)/', '\\.test\\.ts$', '^tests/'] },
      to: { path: '^src/studies/' },
    },
    {
      name: 'analytics-reads-aggregates-only',
      severity: 'error',
      comment:
        'src/analytics (the dashboard metrics and the readers of the analytics aggregates) builds on src/evaluation, src/platform and events only: it never reaches into the API, the projections or the bus.',
      from: { path: '^src/analytics/', pathNot: '\\.test\\.ts$' },
      to: {
        path: '^(src|projections|migrations|models|tests|bench|ui)/',
        pathNot: '^src/(analytics|evaluation|platform)/',
      },
    },
    {
      name: 'chat-room',
      severity: 'error',
      comment:
        'src/chat (the chat use cases behind the plugin routes) builds on platform, events, bus, completion, context, privacy and the inference types; it never imports the api, the CLI, the roles or the projections.',
      from: { path: '^src/chat/', pathNot: '\\.test\\.ts$' },
      to: {
        path: '^(src|projections|migrations|models|tests|bench|ui)/',
        pathNot: '^src/(chat|platform|bus|completion|context|privacy|inference)/',
      },
    },
    {
      name: 'only-api-imports-chat',
      severity: 'error',
      comment: 'The chat use cases serve the chat routes: only src/api (and tests) import them.',
      from: { pathNot: ['^src/(chat|api)/', '\\.test\\.ts$', '^tests/'] },
      to: { path: '^src/chat/' },
    },
    {
      name: 'privacy-self-contained',
      severity: 'error',
      comment:
        "src/privacy (secret redaction, with gitleaks' rules as data) imports nothing of the project but itself; its tests may use tests/support (the sample set).",
      from: { path: '^src/privacy/', pathNot: '\\.test\\.ts$' },
      to: { path: '^(src|events|projections|migrations|models|tests|bench|ui)/', pathNot: '^src/privacy/' },
    },
    {
      name: 'observability-room',
      severity: 'error',
      comment:
        'src/observability (the metric families, readiness checks and the /metrics and /health routes) builds on src/platform only; the roles, the api, the workers and the projections record into it.',
      from: { path: '^src/observability/', pathNot: '\\.test\\.ts$' },
      to: {
        path: '^(src|events|projections|migrations|models|tests|bench|ui)/',
        pathNot: '^src/(observability|platform)/',
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'observability-types-only-from-bus',
      severity: 'error',
      comment:
        'The types src/observability may import besides the platform: the bus ports it wraps with counters.',
      from: { path: '^src/observability/', pathNot: '\\.test\\.ts$' },
      to: {
        dependencyTypes: ['type-only'],
        path: '^(src|events|projections|migrations|models|tests|bench|ui)/',
        pathNot: '^src/(observability|platform|bus)/',
      },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that cannot be resolved fails at run time.',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-undeclared-packages',
      severity: 'error',
      comment: 'Every package imported must be declared in package.json.',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'production-not-to-dev-deps',
      severity: 'error',
      comment:
        'Code that runs in production must not need a devDependency (npm ci --omit=dev would break it).',
      from: {
        path: '^(src|events|projections|migrations)/',
        pathNot: ['\\.test\\.ts$', '^src/.*/testing/', '^projections/testing/'],
      },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'security-tests-self-contained',
      severity: 'error',
      comment:
        'tests/security (the authorization matrix, the route fuzz and their route tables) is a room of tests: nothing outside it imports it.',
      from: { pathNot: '^tests/security/' },
      to: { path: '^tests/security/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['(^|/)node_modules/', '^models/recipe/work/', '^ui/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    moduleSystems: ['es6', 'cjs'],
    reporterOptions: { text: { highlightFocused: true } },
  },
};
