import type { WebContents } from 'electron'

/** http(s) only: a renderer must not make the shell open `file:`, `smb:` or app-protocol links. */
export const isWebUrl = (url: string): boolean => {
  try {
    const { protocol } = new URL(url)
    return protocol === 'https:' || protocol === 'http:'
  } catch {
    return false
  }
}

/**
 * No window of the app ever opens another Electron window: web links go to the system browser,
 * where the user's own browser protections apply, and everything else is dropped.
 */
export function sendWindowOpensToBrowser(
  contents: Pick<WebContents, 'setWindowOpenHandler'>,
  openExternal: (url: string) => Promise<void>,
  onError: (error: unknown) => void,
): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (isWebUrl(url)) openExternal(url).catch(onError)
    return { action: 'deny' }
  })
}

/** The app is one page: a navigation away would run foreign content next to the preload bridge. */
export function refuseNavigation(contents: Pick<WebContents, 'on'>): void {
  contents.on('will-navigate', (event) => event.preventDefault())
  contents.on('will-redirect', (event) => event.preventDefault())
  contents.on('will-attach-webview', (event) => event.preventDefault())
}
