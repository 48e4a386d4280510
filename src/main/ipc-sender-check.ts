import type { BrowserWindow, IpcMainInvokeEvent } from 'electron'

export type SenderCheck = (event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>) => boolean

/**
 * Only the top frame of the main window, showing the app's own page, may call the core: not an
 * iframe, not another window, not the main window after something made it navigate elsewhere.
 */
export function createSenderCheck(deps: {
  mainWindow(): BrowserWindow | null
  isAppPage(url: string): boolean
}): SenderCheck {
  return ({ sender, senderFrame }) => {
    const window = deps.mainWindow()
    if (!window || window.isDestroyed() || !senderFrame) return false
    const contents = window.webContents
    if (sender !== contents) return false
    const top = contents.mainFrame
    if (senderFrame.processId !== top.processId || senderFrame.routingId !== top.routingId) {
      return false
    }
    return deps.isAppPage(senderFrame.url)
  }
}
