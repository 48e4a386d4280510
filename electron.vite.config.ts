import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'

// Main and preload stay CommonJS: an ESM preload would be renamed index.mjs and need sandbox: false.
export default defineConfig({
  main: {
    build: { outDir: 'out/main' },
  },
  preload: {
    build: { outDir: 'out/preload' },
  },
  renderer: {
    root: 'src/renderer',
    build: { outDir: 'out/renderer', minify: true },
    plugins: [react()],
  },
})
