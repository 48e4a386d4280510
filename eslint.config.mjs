import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import tseslint from 'typescript-eslint'

/** Import boundaries from docs/architecture: each layer may only reach the layers below it. */
const restrict = (patterns) => ({
  'no-restricted-imports': ['error', { patterns }],
})

const electronPatterns = [
  {
    group: ['electron', 'electron/*', 'electron-store'],
    message: 'Only src/main and src/preload may use Electron.',
  },
]
const nodePatterns = [
  { group: ['node:*'], message: 'This layer runs in a browser or any process: no Node built-ins.' },
]

const corePatterns = [
  ...electronPatterns,
  {
    group: ['**/main/**', '**/renderer/**', '**/cli/**', '**/preload/**'],
    message: 'src/core is the engine: it imports only src/shared.',
  },
  { group: ['react', 'react-dom', 'zustand'], message: 'No UI in the core.' },
]

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'node_modules/**',
      'coverage/**',
      'test-results/**',
      'playwright-report/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly' },
    },
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'TSEnumDeclaration', message: 'Use a string union instead of an enum.' },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/shared/**'],
    rules: restrict([
      ...electronPatterns,
      ...nodePatterns,
      {
        group: ['express', 'react', 'react-dom', 'zustand'],
        message: 'src/shared is plain TypeScript.',
      },
      {
        regex: '^zod(/v[34].*)?$',
        message:
          'src/shared is bundled into the preload and the web console: use the tree-shakable zod/mini.',
      },
      {
        group: ['**/core/**', '**/main/**', '**/renderer/**', '**/cli/**', '**/preload/**'],
        message: 'src/shared depends on nothing else.',
      },
    ]),
  },
  {
    files: ['src/core/**'],
    rules: restrict(corePatterns),
  },
  {
    // What the HTTP layer stands on never depends on it: Google, accounts, the pool, settings.
    files: [
      'src/core/google/**',
      'src/core/accounts/**',
      'src/core/pool/**',
      'src/core/quota/**',
      'src/core/settings/**',
      'src/core/runtime/**',
      'src/core/logging/**',
    ],
    rules: restrict([
      ...corePatterns,
      {
        group: ['**/http/**', 'express', 'http-proxy-middleware'],
        message: 'Only src/core/http (the HTTP layer) speaks HTTP to clients.',
      },
    ]),
  },
  {
    // Translators are pure functions of request and answer: no server, no Google, no pool.
    files: ['src/core/translate/**'],
    rules: restrict([
      ...corePatterns,
      {
        group: [
          'express',
          'http-proxy-middleware',
          '**/http/**',
          '**/google/**',
          '**/pool/**',
          '**/accounts/**',
        ],
        message: 'A translator only maps one wire format to another.',
      },
    ]),
  },
  {
    // Model names are resolved against the pool, for every protocol: no HTTP here either.
    files: ['src/core/models/**'],
    rules: restrict([
      ...corePatterns,
      {
        group: ['express', 'http-proxy-middleware', '**/http/**', '**/translate/**'],
        message: 'Model resolution knows the pool, never a wire format.',
      },
    ]),
  },
  {
    files: ['src/cli/**'],
    rules: restrict([
      ...electronPatterns,
      {
        group: ['**/main/**', '**/renderer/**', '**/preload/**'],
        message: 'The CLI uses the core only.',
      },
      {
        group: ['**/core/*', '!**/core/index', '**/core/*/**'],
        message: 'Import the core through src/core/index.ts only.',
      },
    ]),
  },
  {
    files: ['src/main/**'],
    rules: restrict([
      {
        group: ['**/renderer/**', '**/cli/**', '**/preload/**'],
        message: 'Main talks to the renderer over IPC only.',
      },
      {
        group: ['**/core/*', '!**/core/index', '**/core/*/**'],
        message: 'Import the core through src/core/index.ts only.',
      },
    ]),
  },
  {
    files: ['src/preload/**'],
    rules: restrict([
      { group: ['electron-store'], message: 'The preload only bridges IPC.' },
      {
        group: ['**/core/**', '**/main/**', '**/renderer/**', '**/cli/**'],
        message: 'The preload imports electron and src/shared only.',
      },
      ...nodePatterns,
    ]),
  },
  {
    files: ['src/renderer/**'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...restrict([
        ...electronPatterns,
        ...nodePatterns,
        {
          group: ['**/core/**', '**/main/**', '**/cli/**', '**/preload/**'],
          message: 'The renderer reaches the core through its RendererApi only.',
        },
      ]),
    },
  },
  {
    // CommonJS helpers (the electron stub loaded with `node -r`).
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        exports: 'writable',
        __dirname: 'readonly',
        setImmediate: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['tests/**', 'scripts/**', 'bench/**', '*.config.*'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
)
