// Lint is where the architecture's walls are enforced (STYLE.md rule 1): shared/ is pure,
// renderer/ and main/ never import each other, only the preload touches ipcRenderer.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'http', 'net', 'stream', 'url', 'util', 'worker_threads'];

const noImports = (patterns, message) => ['error', { patterns: [{ group: patterns, message }] }];

export default tseslint.config(
  { ignores: ['dist/', 'build/', 'release/', 'node_modules/', 'test-results/', 'playwright-report/', 'resources/**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.mjs', 'scripts/*.mjs'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true, allowNullish: true }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  { files: ['**/*.mjs'], ...tseslint.configs.disableTypeChecked, languageOptions: { globals: globals.node } },
  {
    files: ['shared/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': noImports(
        [...NODE_BUILTINS, 'electron', 'react', 'react-dom', '**/main/**', '**/renderer/**', 'better-sqlite3', 'ws'],
        'shared/ is pure TypeScript for both sides: no Node, Electron, DOM libraries or React.',
      ),
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    languageOptions: { globals: globals.browser },
    rules: {
      '@typescript-eslint/no-restricted-imports': noImports(
        [...NODE_BUILTINS, 'electron', '**/main/**', 'better-sqlite3', 'ws'],
        'renderer/ runs in a sandboxed page: it talks to the back end only through renderer/api.',
      ),
    },
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/preload/**'],
    languageOptions: { globals: globals.node },
    rules: {
      '@typescript-eslint/no-restricted-imports': noImports(['**/renderer/**'], 'main/ never imports the renderer; share through shared/.'),
      'no-restricted-syntax': ['error', { selector: "Identifier[name='ipcRenderer']", message: 'Only main/preload may touch ipcRenderer.' }],
    },
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/app/**', 'main/preload/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': noImports(
        ['electron', '**/renderer/**'],
        'Only main/app (and the preload) may import Electron: everything else also runs in serve and the CLI.',
      ),
    },
  },
  {
    files: ['test/**/*.ts', '*.config.ts'],
    languageOptions: { globals: globals.node },
    // Vitest's asymmetric matchers (expect.stringMatching, expect.any) are typed `any`.
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off' },
  },
);
