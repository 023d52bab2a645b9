// Accounts and lookups: config, user, project, project_users (written by the API) and the lookup tables
// seeded with the Python server's ids (the plugin's config maps names to these ids; never renumber).
// Frozen in time: Kysely<any>, no project imports. Config 1 and models beyond the seeds are upserted at
// startup from models/registry.json (src/accounts ensureDefaultConfig / ensureModelNames).

import { sql, type Kysely } from 'kysely';

const PROGRAMMING_LANGUAGES = [
  'Oracle NetSuite',
  'GoPlusBuild',
  'HelmJSON',
  'USS',
  'UnityYaml',
  'Blade',
  'Xaml',
  'Meson',
  'Angular SVG template',
  'Pug (ex-Jade)',
  'Java',
  'DTD',
  'SQL',
  'LinkerScript',
  'Asp',
  'ClickHouse',
  'CMakeCache',
  'Chameleon template',
  'VB',
  '.ignore (IgnoreLang)',
  'Vue template',
  'UastContextLanguage',
  'EditorConfig',
  'XPath',
  'MariaDB',
  'MySQL based',
  'MongoJS',
  'Angular SVG template (17+)',
  'IBM Db2 LUW',
  'SCSS',
  'DotEnv',
  'Kotlin/Native Def',
  'JSONPath',
  'Microsoft SQL Server',
  'Flow JS',
  'Devicetree',
  'JSON5',
  'protobase',
  'Angular HTML template (17+)',
  'BladeHTML',
  'TypeScript',
  'Metadata JSON',
  'Greenplum',
  'Handlebars',
  'Oracle SQL*Plus',
  'JVM languages',
  'Python',
  'GoBuild',
  'VueTS',
  'JSON',
  'ASM',
  'VueExpr',
  'DynamoDB',
  'MSBuild',
  'C#',
  'Exasol',
  'Sybase ASE',
  'XML',
  '.gitignore (GitIgnore)',
  'vgo',
  'prototext',
  'Groovy',
  'ECMAScript 6',
  'TypeScript JSX',
  'CSS',
  'Config',
  'DjangoUrlPath',
  'Composer Log',
  'Jinja2',
  'Injectable PHP',
  'HelmTEXT',
  'PythonStub',
  'GoTag',
  'JSON Lines',
  'PyTypeHint',
  'Angular HTML template (18.1+)',
  'JSUnicodeRegexp',
  'Razor',
  'CMake',
  'HTML',
  'HtmlCompatible',
  'Go',
  'Angular2',
  'XHTML',
  'VueJS',
  'Apache Cassandra',
  'IBM Db2 iSeries',
  'SQL2016',
  'exclude (GitExclude)',
  'ShaderLab',
  '.hgignore (HgIgnore)',
  'Angular HTML template',
  'YouTrack',
  'Markdown',
  'WerfYAML',
  'RELAX-NG',
  'UXML',
  'Kotlin',
  'GDB',
  'Redis',
  'XPath2',
  'PostCSS',
  'Jupyter',
  'Twig',
  'JShell Snippet',
  'Go Template',
  'SQLite',
  'PyFunctionTypeComment',
  'Angular SVG template (18.1+)',
  'HTTP Request',
  'Scmp',
  'Plain text',
  'H2',
  'Gradle Declarative Configuration',
  'RuleSet',
  'plan9_x86',
  'WebSymbolsEnabledLanguage',
  'Properties',
  'Asxx',
  'Vertica',
  'JVM',
  'ModuleMap',
  'C/C++',
  'Resx',
  'Blazor',
  'HSQLDB',
  'Cookie',
  'Generic SQL',
  'XsdRegExp',
  'SlnLaunchLanguage',
  'Dockerfile',
  'MySQL',
  'IL',
  'HelmYAML',
  'Terminal Prompt',
  'Requirements',
  'Apache Spark',
  'HttpClientHandlerJavaScriptDialect',
  'textmate',
  'QML',
  'GoTime',
  'F#',
  'PostgreSQL',
  'Rest language',
  'protobuf',
  'Oracle',
  'Cgo',
  '.dockerignore (DockerIgnore)',
  'JQL',
  'Manifest',
  'LLDB',
  'Makefile',
  'RegExp',
  'GoFuzzCorpus',
  'Cython',
  'Sass',
  'TOML',
  'Shell Script',
  'Ini',
  'Less',
  'CockroachDB',
  'Apache Derby',
  'GoDebug',
  'SolutionFile',
  'YAML',
  'ActionScript',
  'JSRegexp',
  'T4',
  'JavaScript',
  'Gherkin',
  'TerminalOutput',
  'SVG',
  'SPI',
  'Doxygen',
  'Notebook',
  'Apache Hive',
  'GithubExpressionLanguage',
  'PythonRegExp',
  'unknown',
];

const MODELS: [number, string, boolean][] = [
  [1, 'deepseek-ai/deepseek-coder-1.3b-base', false],
  [2, 'bigcode/starcoder2-3b', false],
  [3, 'mistralai/Ministral-8B-Instruct-2410', true],
  [4, 'JetBrains/Mellum-4b-base', false],
];

const PLUGIN_VERSIONS: [number, string, string, string][] = [
  [1, '0.0.1j', 'JetBrains', 'the mvp version of the plugin'],
  [2, '0.0.1v', 'VSCode', 'the mvp version of the plugin'],
  [3, '0.1.0j', 'JetBrains', 'enhanced version with chat support'],
  [4, '0.1.0v', 'VSCode', 'enhanced version with chat support'],
];

const TRIGGER_TYPES: [number, string][] = [
  [1, 'manual'],
  [2, 'auto'],
  [3, 'idle'],
];

export async function up(db: Kysely<any>): Promise<void> {
  await createLookups(db);
  await seedLookups(db);
  await createAccounts(db);
}

async function createLookups(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('config')
    .addColumn('config_id', 'bigserial', (c) => c.primaryKey())
    .addColumn('config_data', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('model_name')
    .addColumn('model_id', 'bigserial', (c) => c.primaryKey())
    .addColumn('model_name', 'text', (c) => c.notNull())
    .addColumn('is_instruction_tuned', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  await db.schema
    .createTable('plugin_version')
    .addColumn('version_id', 'bigserial', (c) => c.primaryKey())
    .addColumn('version_name', 'text', (c) => c.notNull())
    .addColumn('ide_type', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .execute();
  await db.schema
    .createTable('trigger_type')
    .addColumn('trigger_type_id', 'bigserial', (c) => c.primaryKey())
    .addColumn('trigger_type_name', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('programming_language')
    .addColumn('language_id', 'bigserial', (c) => c.primaryKey())
    .addColumn('language_name', 'text', (c) => c.notNull())
    .execute();
}

async function seedLookups(db: Kysely<any>): Promise<void> {
  await db
    .insertInto('model_name')
    .values(
      MODELS.map(([model_id, model_name, is_instruction_tuned]) => ({
        model_id,
        model_name,
        is_instruction_tuned,
      })),
    )
    .execute();
  await db
    .insertInto('plugin_version')
    .values(
      PLUGIN_VERSIONS.map(([version_id, version_name, ide_type, description]) => ({
        version_id,
        version_name,
        ide_type,
        description,
      })),
    )
    .execute();
  await db
    .insertInto('trigger_type')
    .values(
      TRIGGER_TYPES.map(([trigger_type_id, trigger_type_name]) => ({ trigger_type_id, trigger_type_name })),
    )
    .execute();
  await db
    .insertInto('programming_language')
    .values(PROGRAMMING_LANGUAGES.map((language_name, i) => ({ language_id: i + 1, language_name })))
    .execute();
  // Explicit ids leave the sequences behind; move them past the seeds so later inserts never collide.
  for (const [table, column] of [
    ['model_name', 'model_id'],
    ['plugin_version', 'version_id'],
    ['trigger_type', 'trigger_type_id'],
    ['programming_language', 'language_id'],
  ] as const) {
    await sql`SELECT setval(pg_get_serial_sequence(${table}, ${column}), (SELECT max(${sql.ref(column)}) FROM ${sql.table(table)}))`.execute(
      db,
    );
  }
}

async function createAccounts(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('user')
    .addColumn('user_id', 'uuid', (c) => c.primaryKey())
    .addColumn('joined_at', 'timestamptz', (c) => c.notNull())
    .addColumn('email', 'varchar', (c) => c.notNull().unique())
    .addColumn('name', 'varchar', (c) => c.notNull())
    .addColumn('password', 'varchar', (c) => c.notNull())
    .addColumn('is_oauth_signup', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('verified', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('config_id', 'bigint', (c) => c.notNull().references('config.config_id'))
    .addColumn('preference', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('is_admin', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  await db.schema.createIndex('idx_user_config_id').on('user').column('config_id').execute();
  await db.schema
    .createTable('project')
    .addColumn('project_id', 'uuid', (c) => c.primaryKey())
    .addColumn('project_name', 'varchar', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_by', 'uuid', (c) => c.references('user.user_id').onDelete('set null'))
    .execute();
  await db.schema
    .createTable('project_users')
    .addColumn('project_id', 'uuid', (c) => c.notNull().references('project.project_id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('user.user_id').onDelete('cascade'))
    .addColumn('joined_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('pk_project_users', ['project_id', 'user_id'])
    .execute();
  await db.schema.createIndex('idx_project_users_user_id').on('project_users').column('user_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'project_users',
    'project',
    'user',
    'programming_language',
    'trigger_type',
    'plugin_version',
    'model_name',
    'config',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
