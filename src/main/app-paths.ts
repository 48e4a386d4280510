import path from 'node:path'
import { pathToFileURL } from 'node:url'

/** Where the built app's pieces are, relative to the running `out/main/index.js`. */
export interface AppPaths {
  preload: string
  rendererFile: string
  /** `file://…/out/renderer/index.html`: the only page allowed to call IPC in a built app. */
  rendererFileUrl: string
  /** electron-vite's dev server (`ELECTRON_RENDERER_URL`), never honoured in a packaged app. */
  rendererDevUrl: string | null
  resources: string
}

export function resolveAppPaths(options: {
  mainDir: string
  appPath: string
  isPackaged: boolean
  env: NodeJS.ProcessEnv
}): AppPaths {
  const rendererFile = path.join(options.mainDir, '../renderer/index.html')
  const devUrl = options.env.ELECTRON_RENDERER_URL?.trim()
  return {
    preload: path.join(options.mainDir, '../preload/index.js'),
    rendererFile,
    rendererFileUrl: pathToFileURL(rendererFile).href,
    rendererDevUrl: !options.isPackaged && devUrl ? devUrl : null,
    resources: path.join(options.appPath, 'resources'),
  }
}

/** True for the app's own renderer page (any hash or query: the app routes with them). */
export function isRendererUrl(paths: AppPaths, url: string): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  if (paths.rendererDevUrl) {
    const dev = new URL(paths.rendererDevUrl)
    if (parsed.protocol !== 'file:' && parsed.origin === dev.origin) return true
  }
  if (parsed.protocol !== 'file:') return false
  parsed.hash = ''
  parsed.search = ''
  return parsed.href === paths.rendererFileUrl
}
