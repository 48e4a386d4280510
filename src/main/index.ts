import * as electron from 'electron'
import { createCore } from '../core'
import { createDesktopApp } from './desktop-app'
import { createDesktopLogger } from './desktop-logger'

// The only module that touches the real Electron: everything else receives what it needs.
void createDesktopApp({
  electron,
  createCore,
  createLogger: createDesktopLogger,
  env: process.env,
  mainDir: __dirname,
  platform: process.platform,
  chromeVersion: process.versions.chrome,
})
  .run()
  .catch((error: unknown) => {
    console.error('agtray failed to start:', error)
    electron.app.exit(1)
  })
