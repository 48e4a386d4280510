import type { ChildProcess } from 'node:child_process'
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ipcCallChannels } from '../../src/shared/ipc-contract'
import { makeTempDir } from '../helpers/temp-dir'

const root = path.resolve(__dirname, '../..')
const builtMain = path.join(root, 'out/main/index.js')
const stub = path.join(root, 'tests/main/stub-electron.cjs')

interface StubReport {
  handles: string[]
  windows: {
    options: { webPreferences?: { preload?: string } }
    loaded: { file?: string } | null
  }[]
  trays: { image: { file: string }; tooltip: string | null; menu: { labels: string[] } | null }[]
  errorBoxes: { title: string; content: string }[]
  beforeQuit: { calls: number; prevented: number }
  quit?: boolean
}

const readReport = (file: string): StubReport | null => {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as StubReport
  } catch {
    return null
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

let child: ChildProcess | null = null
let temp: ReturnType<typeof makeTempDir> | null = null
afterEach(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  child = null
  temp?.cleanup()
  temp = null
})

describe('the built main process', () => {
  it('runs in plain Node with a stub electron and registers every contract channel', async () => {
    if (!existsSync(builtMain)) throw new Error(`${builtMain} is missing: run npm run build`)
    temp = makeTempDir('agtray-smoke-')
    const reportFile = path.join(temp.dir, 'stub-report.json')
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      AGTRAY_DATA_DIR: path.join(temp.dir, 'data'),
      AGTRAY_PORT: '0',
      AGTRAY_STUB_REPORT: reportFile,
    }
    delete env.DISPLAY
    delete env.WAYLAND_DISPLAY
    delete env.ELECTRON_RENDERER_URL
    delete env.AGTRAY_API_KEY
    const running = spawn(process.execPath, ['-r', stub, builtMain], { cwd: root, env })
    child = running
    let output = ''
    running.stdout?.on('data', (chunk) => (output += String(chunk)))
    running.stderr?.on('data', (chunk) => (output += String(chunk)))
    const exited = new Promise<number | null>((resolve) =>
      running.on('exit', (code) => resolve(code)),
    )

    let report: StubReport | null = null
    const deadline = Date.now() + 20_000
    while (Date.now() < deadline) {
      report = readReport(reportFile)
      if (report && (report.trays.length > 0 || report.errorBoxes.length > 0)) break
      if (running.exitCode !== null)
        throw new Error(`main exited early (${running.exitCode}):\n${output}`)
      await sleep(50)
    }
    if (!report?.trays.length) {
      throw new Error(`no tray within 20 s: ${JSON.stringify(report?.errorBoxes)}\n${output}`)
    }

    expect(report.errorBoxes).toEqual([])
    expect(report.handles).toHaveLength(new Set(report.handles).size)
    expect(new Set(report.handles)).toEqual(new Set(ipcCallChannels))

    const [window] = report.windows
    expect(window?.options.webPreferences?.preload).toBe(path.join(root, 'out/preload/index.js'))
    expect(existsSync(window!.options.webPreferences!.preload!)).toBe(true)
    expect(window?.loaded).toEqual({ file: path.join(root, 'out/renderer/index.html') })
    const [tray] = report.trays
    expect(existsSync(tray!.image.file)).toBe(true)
    expect(tray?.tooltip).toMatch(/^agtray — proxy (on \(port \d+\)|off) · 0 in pool$/)
    expect(tray?.menu?.labels.at(-1)).toBe('Quit')

    // SIGTERM makes the stub quit like Electron: main must hold the quit until the core stopped.
    running.kill('SIGTERM')
    await expect(exited).resolves.toBe(0)
    const final = readReport(reportFile)
    expect(final?.quit).toBe(true)
    expect(final?.beforeQuit.prevented).toBeGreaterThanOrEqual(1)
    expect(existsSync(path.join(temp.dir, 'data', 'agtray.lock'))).toBe(false)
  })
})
