// ESLint flat config for ShopLedger.
//
// Type-aware-free on purpose (tseslint.configs.recommended, not recommendedTypeChecked):
// `tsc --noEmit` already does the type checking, and lint stays fast.
//
// The architecture in DESIGN.md ("Layout") is enforced here with no-restricted-imports:
//   - src/shared is pure: no Node built-ins, no electron, no database or HTTP libraries,
//     nothing from src/main, src/renderer or src/server;
//   - only src/main/electron imports 'electron';
//   - nothing outside src/renderer imports the renderer;
//   - services never import a transport;
//   - src/renderer is browser code: no Node built-ins, no electron, nothing from src/main or
//     src/server; it reaches the back end only through the typed client (src/shared/client.ts).
// ESLint does not merge the options of one rule across config objects (the last matching
// object wins), so every override below repeats the restrictions it inherits.

import { builtinModules } from 'node:module';
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

const CODE = '{js,mjs,cjs,ts,mts,cts,tsx}';

/** Everything that is linted: the source folders plus the top-level config files. */
const LINTED = [
  ...['src', 'migrations', 'tests', 'bench', 'bin', 'e2e'].map((dir) => `${dir}/**/*.${CODE}`),
  `*.${CODE}`,
];

// ---- import restrictions, as building blocks -------------------------------------------

const NO_RENDERER = {
  group: ['**/renderer/**'],
  message: 'Nothing imports the renderer; it reaches the back end only through the contract client.',
};

const ELECTRON_PATH = {
  name: 'electron',
  message: "Only src/main/electron/** imports 'electron'.",
};
const ELECTRON_PATTERN = {
  group: ['electron/*'],
  message: "Only src/main/electron/** imports 'electron'.",
};

const NO_TRANSPORTS = {
  group: ['**/transports/**'],
  message: 'Services never import a transport; transports call the dispatcher.',
};

const SHARED_MESSAGE_NODE = 'src/shared is pure TypeScript: no Node built-ins.';
const SHARED_MESSAGE_LIB =
  'src/shared is pure TypeScript: no electron, database or HTTP libraries (they belong in src/main or src/server).';

const SHARED_PATHS = [
  // Bare built-in names, including subpaths such as fs/promises (Node lists them all).
  ...builtinModules
    .filter((name) => !name.startsWith('node:'))
    .map((name) => ({ name, message: SHARED_MESSAGE_NODE })),
  ...['electron', 'better-sqlite3-multiple-ciphers', 'kysely', 'fastify'].map((name) => ({
    name,
    message: SHARED_MESSAGE_LIB,
  })),
];

const SHARED_PATTERNS = [
  { group: ['node:*'], message: SHARED_MESSAGE_NODE },
  {
    group: ['electron/*', 'better-sqlite3-multiple-ciphers/*', 'kysely/*', 'fastify/*', '@fastify/*'],
    message: SHARED_MESSAGE_LIB,
  },
  {
    group: ['**/main/**', '**/renderer/**', '**/server/**'],
    message: 'src/shared imports nothing from src/main, src/renderer or src/server (arrows point one way).',
  },
];

const RENDERER_MESSAGE_NODE = 'src/renderer runs in the page: no Node built-ins (the back end is reached through the client).';
const RENDERER_PATHS = [
  ...builtinModules
    .filter((name) => !name.startsWith('node:'))
    .map((name) => ({ name, message: RENDERER_MESSAGE_NODE })),
  ...['electron', 'better-sqlite3-multiple-ciphers', 'kysely', 'fastify', '@fastify/static', 'esbuild', 'vite'].map((name) => ({
    name,
    message: 'src/renderer reaches the back end only through the typed client; no electron, database or server libraries.',
  })),
];
const RENDERER_PATTERNS = [
  { group: ['node:*'], message: RENDERER_MESSAGE_NODE },
  { group: ['electron/*', 'better-sqlite3-multiple-ciphers/*', 'kysely/*', 'fastify/*', '@fastify/*'], message: 'No back-end libraries in the renderer.' },
  {
    group: ['**/main/**', '**/server/**', '**/migrations/**'],
    message: 'src/renderer imports only src/shared and itself; the back end is reached through the typed client.',
  },
];

/** @param {{ paths?: unknown[], patterns?: unknown[] }} options */
const restrictImports = ({ paths = [], patterns = [] }) => ['error', { paths, patterns }];

// Globals a plain Node ESM script may use (for .js files in bin/ etc.; .ts files rely on tsc).
const NODE_GLOBALS = Object.fromEntries(
  [
    'process', 'console', 'Buffer', 'URL', 'URLSearchParams', 'TextEncoder', 'TextDecoder',
    'AbortController', 'AbortSignal', 'structuredClone', 'queueMicrotask', 'fetch',
    'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate',
    'performance', 'crypto', 'globalThis',
  ].map((name) => [name, 'readonly']),
);

export default defineConfig([
  // Top-level dot folders (.ci, .bench, .scratch, ...) hold scripts and local scratch, not app code.
  globalIgnores(['**/node_modules/', 'dist/', 'out/', 'coverage/', '.*/'], 'shopledger/ignores'),

  {
    name: 'shopledger/base',
    files: LINTED,
    extends: [js.configs.recommended, tseslint.configs.recommended],
    languageOptions: {
      ecmaVersion: 'latest',
      sourceType: 'module',
      globals: NODE_GLOBALS,
    },
    linterOptions: {
      reportUnusedDisableDirectives: 'error',
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      'no-unused-vars': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          args: 'after-used',
          argsIgnorePattern: '^_',
          caughtErrors: 'all',
          caughtErrorsIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      eqeqeq: ['error', 'always'],
    },
  },

  // ---- architecture ----------------------------------------------------------------------

  {
    name: 'shopledger/layout/nobody-imports-the-renderer',
    files: LINTED,
    // End-to-end tests read the renderer's strings to assert on what a person sees.
    ignores: [`src/renderer/**`, 'e2e/**'],
    rules: {
      'no-restricted-imports': restrictImports({ patterns: [NO_RENDERER] }),
    },
  },

  {
    name: 'shopledger/layout/main-without-electron',
    files: [`src/main/**/*.${CODE}`],
    ignores: ['src/main/electron/**'],
    rules: {
      'no-restricted-imports': restrictImports({
        paths: [ELECTRON_PATH],
        patterns: [ELECTRON_PATTERN, NO_RENDERER],
      }),
    },
  },

  {
    name: 'shopledger/layout/services-without-transports',
    files: [`src/main/services/**/*.${CODE}`],
    rules: {
      'no-restricted-imports': restrictImports({
        paths: [ELECTRON_PATH],
        patterns: [ELECTRON_PATTERN, NO_RENDERER, NO_TRANSPORTS],
      }),
    },
  },

  {
    name: 'shopledger/layout/shared-is-pure',
    files: [`src/shared/**/*.${CODE}`],
    rules: {
      'no-restricted-imports': restrictImports({ paths: SHARED_PATHS, patterns: SHARED_PATTERNS }),
      // The same boundary for what an import statement cannot catch.
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ImportExpression',
          message: 'src/shared does not use dynamic import(); keep its dependencies static and pure.',
        },
      ],
      'no-restricted-globals': [
        'error',
        ...['process', 'Buffer', 'require', 'module', '__dirname', '__filename', 'global', 'setImmediate'].map(
          (name) => ({ name, message: 'src/shared is pure TypeScript: no Node globals.' }),
        ),
        ...['window', 'document', 'navigator', 'localStorage', 'sessionStorage'].map((name) => ({
          name,
          message: 'src/shared is pure TypeScript: no DOM globals.',
        })),
      ],
    },
  },

  {
    name: 'shopledger/layout/renderer-is-browser-code',
    files: [`src/renderer/**/*.${CODE}`],
    rules: {
      'no-restricted-imports': restrictImports({ paths: RENDERER_PATHS, patterns: RENDERER_PATTERNS }),
      'no-restricted-globals': [
        'error',
        ...['process', 'Buffer', 'require', 'module', '__dirname', '__filename', 'global', 'setImmediate'].map((name) => ({
          name,
          message: 'src/renderer runs in the page: no Node globals.',
        })),
      ],
    },
  },
]);
