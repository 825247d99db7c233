// Flat ESLint config. Process boundaries are enforced here (ARCHITECTURE.md §8.12): renderer/ and common/ may not
// reach Node, Electron or the HTTP stack; only preload/ touches ipcRenderer; only main/ipc/ touches ipcMain.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'

const nodeOnly = [
  'electron',
  'got',
  'keytar',
  'better-sqlite3',
  'node:*',
  'fs',
  'path',
  'os',
  'child_process',
]

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', 'test-results/', 'coverage/', '.tools/', 'bench/.work/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/only-throw-error': 'error',
      'no-console': ['error', { allow: ['error'] }],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // electron-builder loads its hooks with require(), so they are CommonJS.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['common/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: [...nodeOnly, 'react', 'zustand'], message: 'common/ is environment-free' }] },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [...nodeOnly, '../main/*', '../../main/*', '../preload/*'],
              message: 'the renderer talks to main only through window.spool',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['main/**/*.ts', 'common/**/*.ts', 'sandbox/**/*.ts', 'renderer/**/*.{ts,tsx}'],
    ignores: ['main/ipc/**', 'main/index.ts', 'main/window/**', 'main/desktop/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "ImportDeclaration[source.value='electron']",
          message: 'Electron is only imported by main/index.ts, main/window/, main/desktop/ and main/ipc/',
        },
      ],
    },
  },
  {
    files: ['sandbox/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../main/*', '../../main/*', '../common/*', '../../common/*'],
              message: 'the sandbox is an independent server implementation',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['main/cli/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts', 'sandbox/cli.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['test/**/*.{ts,tsx}', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
      'no-console': 'off',
    },
  },
)
