import { EventEmitter } from 'node:events'
import type { IpcMainInvokeEvent, MenuItemConstructorOptions } from 'electron'
import { vi } from 'vitest'
import type { ElectronMain } from '../../../src/main/desktop-app'

/** An Electron event: records whether a listener called preventDefault. */
export function fakeEvent<T extends object>(
  fields?: T,
): T & { preventDefault(): void; defaultPrevented: boolean } {
  const event = {
    ...(fields as T),
    defaultPrevented: false,
    preventDefault() {
      event.defaultPrevented = true
    },
  }
  return event
}

let nextContentsId = 1

export class FakeWebContents extends EventEmitter {
  readonly id = nextContentsId++
  readonly mainFrame = { processId: 7, routingId: this.id, url: '' }
  windowOpenHandler: ((details: { url: string }) => { action: 'allow' | 'deny' }) | null = null
  userAgent: string | null = null
  destroyed = false
  readonly setWindowOpenHandler = vi.fn(
    (handler: (details: { url: string }) => { action: 'allow' | 'deny' }) => {
      this.windowOpenHandler = handler
    },
  )
  readonly setUserAgent = vi.fn((agent: string) => {
    this.userAgent = agent
  })
  readonly send = vi.fn()
  readonly isDestroyed = vi.fn(() => this.destroyed)

  /** Emits `will-navigate` (or another navigation event) and says whether it was refused. */
  navigate(url: string, kind: 'will-navigate' | 'will-redirect' = 'will-navigate'): boolean {
    const event = fakeEvent({ url })
    this.emit(kind, event, url)
    return event.defaultPrevented
  }

  /** What `window.open(url)` in the page would get. */
  openWindow(url: string): { action: 'allow' | 'deny' } | undefined {
    return this.windowOpenHandler?.({ url })
  }

  /** An IPC event as this page's top frame (or another frame) would send it. */
  ipcEvent(url: string, frame: 'top' | 'child' = 'top'): IpcMainInvokeEvent {
    const senderFrame =
      frame === 'top'
        ? { ...this.mainFrame, url }
        : { processId: this.mainFrame.processId, routingId: this.mainFrame.routingId + 1000, url }
    return { sender: this, senderFrame } as unknown as IpcMainInvokeEvent
  }
}

export class FakeBrowserWindow extends EventEmitter {
  readonly webContents = new FakeWebContents()
  visible = false
  minimized = false
  destroyed = false
  readonly loadFile = vi.fn(async (_file: string) => undefined)
  readonly loadURL = vi.fn(async (_url: string, _options?: unknown) => undefined)
  readonly show = vi.fn(() => {
    this.visible = true
  })
  readonly hide = vi.fn(() => {
    this.visible = false
  })
  readonly focus = vi.fn()
  readonly restore = vi.fn(() => {
    this.minimized = false
  })
  readonly isVisible = vi.fn(() => this.visible)
  readonly isMinimized = vi.fn(() => this.minimized)
  readonly isFocused = vi.fn(() => this.visible)
  readonly isDestroyed = vi.fn(() => this.destroyed)

  constructor(readonly options: Record<string, any>) {
    super()
  }

  /** Like Electron: `close` may be prevented; otherwise the window is destroyed and `closed` follows. */
  readonly close = vi.fn(() => {
    if (this.destroyed) return
    const event = fakeEvent()
    this.emit('close', event)
    if (event.defaultPrevented) return
    this.destroy()
  })

  readonly destroy = vi.fn(() => {
    if (this.destroyed) return
    this.destroyed = true
    this.webContents.destroyed = true
    this.emit('closed')
  })
}

export class FakeTray extends EventEmitter {
  readonly setImage = vi.fn()
  readonly setToolTip = vi.fn()
  readonly setContextMenu = vi.fn()
  readonly destroy = vi.fn()
  constructor(readonly image: unknown) {
    super()
  }
}

export interface FakeMenu {
  template: MenuItemConstructorOptions[]
}

type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown

/** A fresh fake of the `electron` module parts the main process uses, with what happened to them. */
export function createFakeElectron(options: { singleInstanceLock?: boolean } = {}) {
  const windows: FakeBrowserWindow[] = []
  const trays: FakeTray[] = []
  const handlers = new Map<string, Handler>()
  const quitCalls: { prevented: boolean }[] = []

  const app = Object.assign(new EventEmitter(), {
    isPackaged: false,
    requestSingleInstanceLock: vi.fn(() => options.singleInstanceLock ?? true),
    whenReady: vi.fn(async () => undefined),
    getAppPath: vi.fn(() => '/opt/agtray'),
    getPath: vi.fn((name: string) => `/home/user/${name}`),
    setLoginItemSettings: vi.fn(),
    exit: vi.fn(),
    /** Like Electron: `before-quit` listeners may prevent the quit. */
    quit: vi.fn(() => {
      const event = fakeEvent()
      app.emit('before-quit', event)
      quitCalls.push({ prevented: event.defaultPrevented })
    }),
  })

  const BrowserWindow = vi.fn(function (this: unknown, windowOptions: Record<string, any>) {
    const window = new FakeBrowserWindow(windowOptions)
    windows.push(window)
    return window
  })
  const Tray = vi.fn(function (this: unknown, image: unknown) {
    const tray = new FakeTray(image)
    trays.push(tray)
    return tray
  })
  const Menu = {
    buildFromTemplate: vi.fn((template: MenuItemConstructorOptions[]): FakeMenu => ({ template })),
  }
  const onHeadersReceived = vi.fn()

  const module = {
    app,
    BrowserWindow,
    Tray,
    Menu,
    nativeImage: { createFromPath: vi.fn((file: string) => ({ file })) },
    clipboard: { writeText: vi.fn() },
    dialog: {
      showErrorBox: vi.fn(),
      showSaveDialog: vi.fn(async () => ({ canceled: true, filePath: '' })),
    },
    shell: { openExternal: vi.fn(async (_url: string) => undefined) },
    ipcMain: {
      handle: vi.fn((channel: string, handler: Handler) => {
        if (handlers.has(channel))
          throw new Error(`Attempted to register a second handler for '${channel}'`)
        handlers.set(channel, handler)
      }),
      on: vi.fn(),
    },
    session: { defaultSession: { webRequest: { onHeadersReceived } } },
  }

  return {
    module,
    /** Typed as the real module parts, for the factories under test. */
    electron: module as unknown as ElectronMain,
    app,
    windows,
    trays,
    handlers,
    quitCalls,
    /** Calls a registered `ipcMain.handle` handler the way Electron would. */
    invoke: async (channel: string, event: IpcMainInvokeEvent, ...args: unknown[]) => {
      const handler = handlers.get(channel)
      if (!handler) throw new Error(`No handler registered for '${channel}'`)
      return handler(event, ...args)
    },
    /** The last menu given to the (last) tray, as its template. */
    lastMenu: (): MenuItemConstructorOptions[] => {
      const tray = trays.at(-1)
      const menu = tray?.setContextMenu.mock.calls.at(-1)?.[0] as FakeMenu | undefined
      if (!menu) throw new Error('No tray menu was set')
      return menu.template
    },
  }
}

export type FakeElectron = ReturnType<typeof createFakeElectron>

/** What `vi.mock('electron')` returns: only so that importing electron never reaches the real package. */
export function electronModuleMock(): Record<string, unknown> {
  const { module } = createFakeElectron()
  return { ...module, default: module }
}
