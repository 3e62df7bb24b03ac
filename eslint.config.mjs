// @ts-check
// Lint for the whole house: the TypeScript in src/, test/ and bench/ and the preview page's checked
// JavaScript (src/preview/web), all with type information. `npm test` runs it with --max-warnings=0.
import eslint from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['dist/', 'coverage/', 'data/', 'test-artifacts/', 'node_modules/'] },

  eslint.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        // Two programs: Node code (tsconfig.json) and the browser page (tsconfig.web.json).
        project: ['./tsconfig.json', './tsconfig.web.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      eqeqeq: ['error', 'always'],
      'no-console': 'error',
      'no-var': 'error',
      'prefer-const': 'error',
      'object-shorthand': 'error',
      // `{}` is `unknown` narrowed past null and undefined (a driver's cell, a JSON field): its text is
      // the point there. Typed objects without a toString of their own are still caught.
      '@typescript-eslint/no-base-to-string': ['error', { ignoredTypeNames: ['Error', 'RegExp', 'URL', 'URLSearchParams', '{}'] }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/return-await': ['error', 'error-handling-correctness-only'],
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-import-type-side-effects': 'error',
      // `async` is how a body with nothing to await keeps a Promise-returning contract (Bolt listeners,
      // interfaces, stand-ins): a throw becomes a rejection. Rewriting each with Promise.resolve would not.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },

  // The preview page runs in a browser: its globals, not Node's.
  {
    files: ['src/preview/web/**/*.js'],
    languageOptions: { sourceType: 'module', globals: globals.browser },
  },

  // Node code.
  {
    files: ['src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['test/**/*.ts'],
    // Jest's asymmetric matchers (expect.any, objectContaining, stringMatching…) are typed `any`.
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off' },
  },
  {
    files: ['test/views/blocks/builders.test.ts', 'test/views/blocks/limits.test.ts', 'test/warehouse/snowflakeStandIn.test.ts'],
    // These read raw Block Kit and Snowflake wire JSON field by field; typing each read would be a cast per line.
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['test/preview/support/chromium.ts'],
    // Saying on the console why the browser suites were skipped is its job.
    rules: { 'no-console': 'off' },
  },
  {
    files: ['src/warehouse/snowflake/loadDriver.ts', 'src/warehouse/snowflake/retryPolicy.ts'],
    // snowflake-sdk is loaded on first use, on purpose: loading it probes the network and writes logs.
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/warehouse/snowflake.ts'],
    // A statement rejects with { error, sessionLost } so the retry loop can tell a lost session; the
    // object never leaves this file (the loop throws its WarehouseError).
    rules: { '@typescript-eslint/prefer-promise-reject-errors': 'off' },
  },
  {
    files: ['src/warehouse/deadline.ts'],
    // A deadline passes on whatever the promise it bounds rejected with (the statement's own object above).
    rules: { '@typescript-eslint/prefer-promise-reject-errors': 'off' },
  },

  // Plain JavaScript outside the browser page (tool config, a child-process fixture) is in neither
  // program: JavaScript rules without type information. Node runs the .js ones as CommonJS.
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ignores: ['src/preview/web/**'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    ignores: ['src/preview/web/**'],
    languageOptions: { sourceType: 'commonjs' },
    // require() is how CommonJS imports.
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
