import path from 'node:path'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { RunningChild } from '../helpers/cli'
import { repoRoot, requireBuiltCli, startChild } from '../helpers/cli'
import { makeTempDir } from '../helpers/temp-dir'

const startScript = path.join(repoRoot, 'scripts', 'start.mjs')
let temp: ReturnType<typeof makeTempDir>
let child: RunningChild | null = null

beforeAll(() => requireBuiltCli())
beforeEach(() => {
  temp = makeTempDir()
})
afterEach(async () => {
  await child?.stop()
  child = null
  temp.cleanup()
})

describe('npm start', () => {
  it('says there is no display and serves headless instead', async () => {
    child = await startChild(startScript, ['--port', '0'], { AGTRAY_DATA_DIR: temp.dir })
    expect(child.output()).toContain('the desktop app cannot start because there is no display')
    expect(child.output()).toContain('running the headless server instead')
    expect((await fetch(`${child.url}/health`)).status).toBe(200)
  })

  it('says Electron could not launch and serves headless instead', async () => {
    child = await startChild(startScript, ['--port', '0'], {
      AGTRAY_DATA_DIR: temp.dir,
      DISPLAY: ':99',
      // Points the electron package at a folder without a binary, as on a machine where it could not download.
      ELECTRON_OVERRIDE_DIST_PATH: path.join(temp.dir, 'no-electron-here'),
    })
    expect(child.output()).toMatch(
      /the desktop app cannot start because Electron (failed to launch|exited at once)/,
    )
    expect((await fetch(`${child.url}/health`)).status).toBe(200)
  })
})
