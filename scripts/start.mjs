#!/usr/bin/env node
// `npm start`: the desktop app when Electron can run here; otherwise say why and run the same
// engine headless (`agtray serve`), so `npm install && npm start` always ends with a working proxy.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const cli = path.join(root, 'out', 'cli', 'index.js')
const args = process.argv.slice(2)
/** Electron dying this soon after launch means it could not start (missing libraries, no GPU…). */
const EARLY_EXIT_MS = 5_000

function whyNoDesktop() {
  if (process.env.AGTRAY_HEADLESS === '1') return 'AGTRAY_HEADLESS=1 is set'
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return 'there is no display (DISPLAY and WAYLAND_DISPLAY are not set)'
  }
  return null
}

function electronBinary() {
  try {
    // The electron package exports the path of its binary, downloading it on first use.
    return { path: createRequire(import.meta.url)('electron') }
  } catch (error) {
    return {
      reason: `the Electron binary is not installed and could not be downloaded (${error.message})`,
    }
  }
}

function runHeadless(reason) {
  console.log(`agtray: the desktop app cannot start because ${reason}.`)
  console.log('agtray: running the headless server instead (the same as `agtray serve`).')
  const child = spawn(process.execPath, [cli, 'serve', ...args], { stdio: 'inherit' })
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
}

if (!existsSync(cli)) {
  console.error('agtray: out/cli/index.js is missing; run `npm run build` first.')
  process.exit(1)
}
const noDesktop = whyNoDesktop()
if (noDesktop) {
  runHeadless(noDesktop)
} else {
  const electron = electronBinary()
  if (!electron.path) {
    runHeadless(electron.reason)
  } else {
    const started = Date.now()
    const child = spawn(electron.path, [root, ...args], { stdio: 'inherit' })
    child.on('error', (error) => runHeadless(`Electron failed to launch (${error.message})`))
    child.on('exit', (code, signal) => {
      if (code !== 0 && Date.now() - started < EARLY_EXIT_MS) {
        runHeadless(`Electron exited at once (${signal ?? `code ${code}`})`)
        return
      }
      process.exit(code ?? 0)
    })
  }
}
