import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'

// Main and preload stay CommonJS: an ESM preload would be renamed index.mjs and need sandbox: false.
export default defineConfig({
  main: {
    build: { outDir: 'out/main' },
  },
  preload: {
    // The sandboxed preload cannot require packages: the operations contract's zod is bundled.
    build: { outDir: 'out/preload', externalizeDeps: { exclude: ['zod'] } },
  },
  renderer: {
    root: 'src/renderer',
    build: { outDir: 'out/renderer', minify: true },
    plugins: [react()],
  },
})
