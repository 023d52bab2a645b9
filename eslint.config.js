// Type-aware lint: floating promises and unsafe any are bugs in an event-driven server.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'ui/**',
      'models/recipe/**',
      'tests/fixtures/**',
      'bench/results/**',
      '*.config.*',
      'eslint.config.js',
      '.dependency-cruiser.cjs',
      '.ci/*.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Migrations are frozen in time: STYLE.md has them use Kysely<any> and import nothing of the project.
    files: ['migrations/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/only-throw-error': 'off' },
  },
);
