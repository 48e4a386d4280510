import * as electron from 'electron'
import { createCore, guardProcess } from '../core'
import { createDesktopApp } from './desktop-app'
import { createDesktopLogger } from './desktop-logger'

// The only module that touches the real Electron: everything else receives what it needs.
void createDesktopApp({
  electron,
  createCore,
  // The tray app runs for days: what escapes a request is logged, never the end of the app.
  createLogger: (dataDir) => {
    const logger = createDesktopLogger(dataDir)
    guardProcess(logger)
    return logger
  },
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
