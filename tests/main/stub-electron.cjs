// A stand-in for the `electron` module so the BUILT out/main/index.js can run in plain Node:
//   node -r ./tests/main/stub-electron.cjs out/main/index.js
// It records what main asks of Electron and writes it, as JSON, to $AGTRAY_STUB_REPORT once the
// tray exists (main creates the tray after registering its IPC handlers and before showing the
// window). SIGTERM quits the way Electron does: `before-quit` listeners first, exit when none
// prevents it. electron-store (ESM) gets this module too: its default import of a CommonJS module
// is the cached module.exports.
const { EventEmitter } = require('node:events')
const { writeFileSync } = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const Module = require('node:module')

const reportFile = process.env.AGTRAY_STUB_REPORT
const record = {
  handles: [],
  windows: [],
  trays: [],
  errorBoxes: [],
  beforeQuit: { calls: 0, prevented: 0 },
}
const writeReport = (extra = {}) => {
  if (reportFile) writeFileSync(reportFile, JSON.stringify({ ...record, ...extra }, null, 2))
}

const app = new EventEmitter()
Object.assign(app, {
  isPackaged: false,
  requestSingleInstanceLock: () => true,
  whenReady: () => Promise.resolve(),
  getAppPath: () => process.cwd(),
  getPath: (name) => path.join(os.tmpdir(), 'agtray-stub-electron', name),
  getVersion: () => '0.0.0-stub',
  setLoginItemSettings: () => undefined,
  getLoginItemSettings: () => ({ openAtLogin: false }),
  quit() {
    let prevented = false
    record.beforeQuit.calls++
    app.emit('before-quit', {
      preventDefault: () => {
        prevented = true
      },
    })
    if (prevented) {
      record.beforeQuit.prevented++
      return
    }
    writeReport({ quit: true })
    process.exit(0)
  },
  exit: (code = 0) => process.exit(code),
})

let nextId = 1
class WebContents extends EventEmitter {
  constructor() {
    super()
    this.id = nextId++
    this.mainFrame = { processId: 1, routingId: this.id, url: '' }
    this.userAgent = null
  }
  setWindowOpenHandler() {}
  setUserAgent(agent) {
    this.userAgent = agent
  }
  send() {}
  isDestroyed() {
    return false
  }
}

class BrowserWindow extends EventEmitter {
  constructor(options = {}) {
    super()
    this.options = options
    this.webContents = new WebContents()
    this.destroyed = false
    this.visible = false
    this.entry = { options, loaded: null }
    record.windows.push(this.entry)
  }
  loadFile(file) {
    this.entry.loaded = { file }
    return Promise.resolve()
  }
  loadURL(url) {
    this.entry.loaded = { url }
    return Promise.resolve()
  }
  show() {
    this.visible = true
  }
  hide() {
    this.visible = false
  }
  focus() {}
  restore() {}
  isVisible() {
    return this.visible
  }
  isMinimized() {
    return false
  }
  isFocused() {
    return this.visible
  }
  isDestroyed() {
    return this.destroyed
  }
  close() {
    this.destroyed = true
    this.emit('closed')
  }
  destroy() {
    this.close()
  }
}

class Tray extends EventEmitter {
  constructor(image) {
    super()
    this.entry = { image, tooltip: null, menu: null }
    record.trays.push(this.entry)
    // After the current turn: main shows its window right after creating the tray.
    setImmediate(() => writeReport())
  }
  setImage(image) {
    this.entry.image = image
  }
  setToolTip(tooltip) {
    this.entry.tooltip = tooltip
  }
  setContextMenu(menu) {
    this.entry.menu = menu
  }
  destroy() {}
}

const electron = {
  app,
  BrowserWindow,
  Tray,
  Menu: {
    buildFromTemplate: (template) => ({
      labels: template.map((item) => item.label ?? `(${item.type})`),
    }),
  },
  nativeImage: { createFromPath: (file) => ({ file }) },
  clipboard: { writeText: () => undefined },
  dialog: {
    showErrorBox(title, content) {
      record.errorBoxes.push({ title, content })
      writeReport()
    },
    showSaveDialog: () => Promise.resolve({ canceled: true }),
  },
  shell: { openExternal: () => Promise.resolve() },
  ipcMain: {
    handle(channel) {
      record.handles.push(channel)
    },
    on() {},
  },
  session: { defaultSession: { webRequest: { onHeadersReceived() {} } } },
}

const file = require.resolve('electron')
const stub = new Module(file)
stub.filename = file
stub.loaded = true
stub.exports = electron
require.cache[file] = stub

process.on('SIGTERM', () => app.quit())
