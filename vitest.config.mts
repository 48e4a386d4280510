import react from '@vitejs/plugin-react'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  plugins: [react()],
  test: {
    globals: true,
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    exclude: ['tests/e2e/**/*.spec.ts', 'node_modules/**', 'out/**'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // electron-store imports `electron`, which tests mock; inlining lets the mock reach it.
    server: { deps: { inline: ['electron-store'] } },
    reporters: process.env.CI ? ['default'] : ['default'],
  },
})
