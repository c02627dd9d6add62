// Lint rules, including the dependency rule of DESIGN §2: inner src/* modules never import app, cli,
// main or renderer; src/cli reaches the core only through src/app; nothing in src imports electron,
// react or the DOM-facing front ends.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const inner = ['crypto', 'stores', 'custody', 'totp', 'drives', 'print', 'audit'];
const frontEnds = ['electron', 'react', 'react-dom', 'react-dom/*'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-output/**', 'renderer/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      'no-console': 'error',
    },
  },
  ...inner.map((dir) => ({
    files: [`src/${dir}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/app/*', '**/app', '**/cli/*', '**/main/*', '**/renderer/*'], message: 'Inner modules must not import app, cli, main or renderer (DESIGN §2).' },
            { group: frontEnds, message: 'The core library is pure TypeScript on Node (DESIGN §2).' },
          ],
        },
      ],
    },
  })),
  {
    files: ['src/app/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/cli/*', '**/main/*', '**/renderer/*'], message: 'src/app must not import its front ends (DESIGN §2).' },
            { group: frontEnds, message: 'The core library is pure TypeScript on Node (DESIGN §2).' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: inner.flatMap((dir) => [`**/${dir}/*`]).concat(['**/errors.js', '**/ports.js']),
              message: 'The CLI is a thin adapter over src/app: import from ../app/index.js (DESIGN §2).',
            },
            { group: frontEnds, message: 'The CLI runs on Node only.' },
          ],
        },
      ],
    },
  },
  {
    files: ['main/**/*.ts', 'main/**/*.cts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: inner.map((dir) => `**/src/${dir}/*`), message: 'main/ reaches the core only through src/app (DESIGN §2).' },
            { group: ['**/renderer/*', 'react', 'react-dom', 'react-dom/*'], message: 'main/ serves the built renderer; it never imports it.' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/src/**/*.ts', 'renderer/src/**/*.tsx'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/src/*', '**/src/**'],
              allowTypeImports: true,
              message: 'The renderer talks only to window.breakglass; from src/app it may import types only (DESIGN §2).',
            },
            { group: ['node:*', 'electron', 'playwright-core'], message: 'The renderer runs in a sandboxed page: no Node, no Electron.' },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
);
