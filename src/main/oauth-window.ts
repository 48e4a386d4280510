import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron'
import type { CoreApi, Logger } from '../core'
import { AgtrayError, describeError, isAgtrayError } from '../core'
import type { OAuthFinishedDto, OAuthStartDto } from '../shared/oauth-dto'
import { isWebUrl, sendWindowOpensToBrowser } from './window-guards'

/** An in-memory session of its own: Google's cookies never meet the app's page, and vanish at exit. */
export const OAUTH_PARTITION = 'oauth'

export const oauthWindowOptions = (): BrowserWindowConstructorOptions => ({
  width: 520,
  height: 720,
  title: 'Sign in with Google',
  autoHideMenuBar: true,
  webPreferences: {
    partition: OAUTH_PARTITION,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    webSecurity: true,
  },
})

/** The sign-in windows, one per flow. Every flow is a loopback one: Google redirects to 127.0.0.1. */
export interface OAuthWindows {
  /** Starts a sign-in (re-authorizing `accountId` when given) and shows Google's page for it. */
  start(accountId: string | null): Promise<OAuthStartDto>
  /** Closes the flow's window and cancels the flow, which frees its loopback port. */
  cancel(flowId: string): void
  /** The system browser takes over the same flow; the window closes, the listener keeps waiting. */
  openInBrowser(flowId: string): Promise<void>
  dispose(): void
}

interface OpenFlow {
  started: OAuthStartDto
  accountId: string | null
  window: BrowserWindow
  /** Set once the window may close without cancelling the flow. */
  settled: boolean
}

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]'])

/** Google's pages, then the redirect to our own loopback listener: nothing else. */
export const isOAuthNavigation = (url: string): boolean => {
  if (!isWebUrl(url)) return false
  const { protocol, hostname } = new URL(url)
  return protocol === 'https:' || loopbackHosts.has(hostname)
}

export function createOAuthWindows(deps: {
  core: Pick<CoreApi, 'startOAuth' | 'cancelOAuth' | 'oauthUrl' | 'events'>
  createWindow(options: BrowserWindowConstructorOptions): BrowserWindow
  openExternal(url: string): Promise<void>
  userAgent: string
  logger: Logger
  /** A flow this app started has ended (in the window or in the system browser). */
  onFinished?(finished: OAuthFinishedDto): void
}): OAuthWindows {
  const { core, logger } = deps
  const open = new Map<string, OpenFlow>()
  const ours = new Set<string>()

  const cancelQuietly = (flowId: string): void => {
    try {
      core.cancelOAuth(flowId)
    } catch (error) {
      // It ended on its own in the meantime (timeout, or Google answered just now).
      if (!isAgtrayError(error) || error.code !== 'not_found') {
        logger.warn(`Cancelling a sign-in failed: ${describeError(error)}`)
      }
    }
  }

  const closeWindow = (flowId: string): void => {
    const flow = open.get(flowId)
    if (!flow) return
    flow.settled = true
    open.delete(flowId)
    if (!flow.window.isDestroyed()) flow.window.close()
  }

  const show = (started: OAuthStartDto, accountId: string | null): void => {
    const window = deps.createWindow(oauthWindowOptions())
    const flow: OpenFlow = { started, accountId, window, settled: false }
    open.set(started.flow_id, flow)
    window.on('closed', () => {
      if (open.get(started.flow_id) === flow) open.delete(started.flow_id)
      if (!flow.settled) {
        flow.settled = true
        cancelQuietly(started.flow_id)
      }
    })
    window.on('page-title-updated', (event) => event.preventDefault())
    const contents = window.webContents
    contents.setUserAgent(deps.userAgent)
    sendWindowOpensToBrowser(contents, deps.openExternal, (error) =>
      logger.warn(`Opening a link failed: ${describeError(error)}`),
    )
    const guard = (event: { preventDefault(): void }, url: string): void => {
      if (!isOAuthNavigation(url)) event.preventDefault()
    }
    contents.on('will-navigate', (event) => guard(event, event.url))
    contents.on('will-redirect', (event) => guard(event, event.url))
    window.loadURL(started.auth_url, { userAgent: deps.userAgent }).catch((error: unknown) => {
      // Redirects abort the first load; a real failure shows Chromium's error page in the window.
      logger.debug(`The sign-in page did not finish loading: ${describeError(error)}`)
    })
  }

  const unsubscribe = core.events.on('oauth-finished', (finished) => {
    if (!ours.delete(finished.flow_id)) return
    closeWindow(finished.flow_id)
    deps.onFinished?.(finished)
  })

  return {
    async start(accountId) {
      const pending = accountId
        ? [...open.values()].find((flow) => flow.accountId === accountId)
        : undefined
      if (pending && !pending.window.isDestroyed()) {
        pending.window.show()
        pending.window.focus()
        return pending.started
      }
      const started = await core.startOAuth({ accountId, redirect: { kind: 'loopback' } })
      ours.add(started.flow_id)
      try {
        show(started, accountId)
      } catch (error) {
        ours.delete(started.flow_id)
        cancelQuietly(started.flow_id)
        throw error
      }
      return started
    },

    cancel(flowId) {
      closeWindow(flowId)
      core.cancelOAuth(flowId)
    },

    async openInBrowser(flowId) {
      const url = core.oauthUrl(flowId)
      if (!url) throw new AgtrayError('not_found', 'This sign-in has already ended; start it again')
      await deps.openExternal(url)
      closeWindow(flowId)
    },

    dispose() {
      unsubscribe()
      for (const flowId of [...open.keys()]) closeWindow(flowId)
    },
  }
}
