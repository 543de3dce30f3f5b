import tseslint from 'typescript-eslint'
import { importBoundaries } from './scripts/lint/import-boundaries.js'

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'docs/**'] },
  ...tseslint.configs.recommended,
  {
    plugins: { keyward: { rules: { 'import-boundaries': importBoundaries } } },
    rules: {
      'keyward/import-boundaries': 'error',
      'no-console': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['scripts/**', 'bench/**', 'test/**', '*.config.*', 'bin/**'],
    rules: { 'no-console': 'off' },
  },
)
