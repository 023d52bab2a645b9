// The dashboard's dependency rules (`npx depcruise --config .dependency-cruiser.cjs src` in ui/, run by the
// root's `npm run lint`): it reaches the platform over HTTP only, never by importing its code.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'ui-imports-nothing-of-the-server',
      severity: 'error',
      comment:
        'ui/ is its own package: it talks to the API over HTTP (src/lib/server/api-client.ts) and imports nothing outside ui/ but packages.',
      from: {},
      to: { path: '^\\.\\./', pathNot: '(^|/)node_modules/' },
    },
    {
      name: 'browser-code-not-server-modules',
      severity: 'error',
      comment:
        'src/lib/server holds the API client and the session cookie: only server files (+page.server.ts, +server.ts, hooks.server.ts) and itself import it (SvelteKit refuses it in the browser too).',
      from: { path: '^src/', pathNot: ['^src/lib/server/', '\\.server\\.ts$', '/\\+server\\.ts$'] },
      to: { path: '^src/lib/server/' },
    },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true, pathNot: ['^\\$(app|env)/', '(^|/)\\$types$'] },
    },
    {
      name: 'no-undeclared-packages',
      severity: 'error',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'], pathNot: '^\\$(app|env)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['(^|/)node_modules/', '^\\.svelte-kit/', '^build/'] },
    tsPreCompilationDeps: true,
    // SvelteKit's $lib alias (its generated tsconfig is not there before `svelte-kit sync`).
    tsConfig: { fileName: 'tsconfig.depcruise.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types', 'svelte'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.js', '.svelte'],
    },
    moduleSystems: ['es6', 'cjs'],
  },
};
