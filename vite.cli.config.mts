import { builtinModules } from 'node:module'
import { defineConfig } from 'vite'

/**
 * The `agtray` command: one CommonJS file for plain Node 20 at out/cli/index.js. Dependencies
 * stay in node_modules (ssr build), only our own code is bundled.
 */
export default defineConfig({
  build: {
    ssr: 'src/cli/index.ts',
    outDir: 'out/cli',
    target: 'node20',
    emptyOutDir: true,
    minify: false,
    sourcemap: true,
    rollupOptions: {
      external: [...builtinModules, ...builtinModules.map((name) => `node:${name}`)],
      output: { format: 'cjs', entryFileNames: 'index.js' },
    },
  },
  ssr: { noExternal: [] },
})
