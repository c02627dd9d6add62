// Lint rules, including the dependency rule of DESIGN §2 (renderer → types of src/app; main → src/app;
// cli → src/app; inner src/* never import app, cli, main or renderer) and DESIGN §4's Clock and Rng only.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const inner = ['shared', 'crypto', 'stores', 'custody', 'totp', 'drives', 'print', 'audit', 'runs', 'drill', 'inventory', 'migration'];
/** The inner modules, and the two shared files beside them that they all import. */
const innerFiles = [...inner.map((dir) => `src/${dir}/**/*.ts`), 'src/errors.ts'];
const frontEnds = ['electron', 'react', 'react-dom', 'react-dom/*'];

const CLOCK = 'Core code takes the time from a Clock parameter, never from the system (DESIGN §4, Determinism).';
const RNG = 'Core code takes randomness from an Rng parameter, never from a source of its own (DESIGN §4, Determinism).';
/** Node's and the Web Crypto API's own sources of randomness. */
const RANDOM_SOURCES = ['randomBytes', 'randomFill', 'randomFillSync', 'randomInt', 'randomUUID', 'getRandomValues', 'webcrypto'];
const randomSource = `/^(${RANDOM_SOURCES.join('|')})$/`;

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
  {
    files: innerFiles,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...['node:crypto', 'crypto'].map((name) => ({ name, importNames: RANDOM_SOURCES, message: RNG })),
            ...['@noble/hashes/utils.js', '@noble/ciphers/utils.js', '@noble/ciphers/webcrypto.js'].map((name) => ({ name, importNames: ['randomBytes'], message: RNG })),
          ],
          patterns: [
            { group: ['**/app/*', '**/app', '**/cli/*', '**/main/*', '**/renderer/*'], message: 'Inner modules must not import app, cli, main or renderer (DESIGN §2).' },
            { group: frontEnds, message: 'The core library is pure TypeScript on Node (DESIGN §2).' },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: CLOCK },
        { object: 'Math', property: 'random', message: RNG },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: `${CLOCK} (new Date(ms) is fine.)` },
        { selector: "CallExpression[callee.name='Date']", message: CLOCK },
        { selector: `MemberExpression[property.name=${randomSource}]`, message: RNG },
        { selector: `CallExpression[callee.name=${randomSource}]`, message: RNG },
      ],
    },
  },
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
    files: ['main/**/*.ts', 'main/**/*.cts', 'main/**/*.mts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '(^|/)src/(?!app(/index\\.js)?$)', message: 'main/ reaches the core only through src/app/index.js (DESIGN §2).' },
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
            // Two patterns, because one that allows type imports lets every type import through that it matches.
            {
              regex: '(^|/)src/app(/|$)',
              allowTypeImports: true,
              message: 'The renderer talks only to window.breakglass: from src/app it may import types, never values (DESIGN §2).',
            },
            { regex: '(^|/)src/(?!app(/|$))', message: 'The renderer may import types from src/app only, nothing from the rest of src (DESIGN §2).' },
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
