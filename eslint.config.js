import tseslint from 'typescript-eslint'
import pluginVue from 'eslint-plugin-vue'

// Layering (docs/architecture.md §2.3): a wrong arrow fails `npm test`, not a review.
const nodeBuiltins = ['node:*', 'fs', 'net', 'path', 'os', 'child_process', 'http', 'crypto']

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'reports/**', 'test/test-results/**', '**/*.d.ts'] },
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
    },
  },
  {
    // The profile schema parses in main only; the renderer gets its types through the contract.
    files: ['src-renderer/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['electron', 'zod'],
          patterns: [
            ...nodeBuiltins,
            '**/src-main/**',
            '../../src-main/*',
            '**/src-preload/**',
            '../../src-preload/*',
            '**/profile-schema',
          ],
        },
      ],
    },
  },
  {
    // Pure code both sides import: no platform, no app room on either side (zod is pure: allowed).
    files: ['src-shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['electron', 'electron-store'],
          patterns: [
            ...nodeBuiltins,
            '**/src-main/**',
            '../src-main/*',
            '**/src-renderer/**',
            '../src-renderer/*',
            '**/src-preload/**',
            '../src-preload/*',
          ],
        },
      ],
    },
  },
  {
    // Renderer tests reach the backend only through window.api; test/support builds that world.
    files: ['test/renderer/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: ['electron'], patterns: ['**/src-main/**', '../../src-main/*', '**/src-preload/**'] },
      ],
    },
  },
  {
    files: ['src-main/ras/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['electron'],
          patterns: [
            '**/services/**',
            '**/electron/**',
            '**/src-preload/**',
            '**/src-shared/**',
            '**/api',
            '**/simulator/**',
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/services/**', 'src-main/simulator/**', 'src-main/cli/**', 'src-main/web/**', 'src-main/api.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: ['electron', 'electron-store'], patterns: ['**/electron/**'] }],
    },
  },
  {
    files: ['src-main/services/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: ['electron', 'electron-store'], patterns: ['**/electron/**', '**/api', '**/ipc'] },
      ],
    },
  },
)
