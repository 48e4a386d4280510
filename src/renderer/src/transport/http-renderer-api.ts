import type { HttpRoute } from '../../../shared/http-routes'
import { httpRouteFor } from '../../../shared/http-routes'
import type {
  IpcArgs,
  IpcCallChannel,
  IpcResultValue,
  RendererApi,
} from '../../../shared/ipc-contract'
import { RendererApiError } from '../../../shared/ipc-contract'
import type { OAuthStartDto } from '../../../shared/oauth-dto'
import type { FetchLike } from './http-request'
import { sendJson } from './http-request'
import type { EventSourceLike } from './sse-events'
import { createSseEvents } from './sse-events'
import { createWebSession } from './web-session'

export interface HttpRendererApiOptions {
  /** '' for the page's own origin. */
  baseUrl: string
  fetch: FetchLike
  createEventSource: (url: string) => EventSourceLike
  /** Opens Google's sign-in page in a new tab. */
  openWindow?: (url: string) => void
  /** Called when the server says the session is gone (the console shows its login form). */
  onUnauthorized?: () => void
  reconnectDelayMs?: number
}

export const WEB_EXPORT_REFUSAL =
  'For safety the web console does not send refresh tokens over the network: run `agtray accounts export` on the server.'

const openInNewTab = (url: string): void => {
  window.open(url, '_blank', 'noopener')
}

type RouteBuilder = ((...args: unknown[]) => HttpRoute) | null

/** The web console's RendererApi: the admin HTTP API for calls, its SSE stream for events. */
export function createHttpRendererApi(options: HttpRendererApiOptions): RendererApi {
  const target = { baseUrl: options.baseUrl, fetch: options.fetch }
  const openWindow = options.openWindow ?? openInNewTab
  const session = createWebSession(target)

  const send = async (route: HttpRoute): Promise<unknown> => {
    try {
      return await sendJson(target, route)
    } catch (error) {
      if (error instanceof RendererApiError && error.code === 'unauthorized') {
        options.onUnauthorized?.()
      }
      throw error
    }
  }

  const events = createSseEvents({
    url: `${options.baseUrl}/api/events`,
    createEventSource: options.createEventSource,
    isLoggedIn: () => session.isLoggedIn(),
    onUnauthorized: options.onUnauthorized,
    reconnectDelayMs: options.reconnectDelayMs,
  })

  return {
    async call<C extends IpcCallChannel>(
      channel: C,
      ...args: IpcArgs<C>
    ): Promise<IpcResultValue<C>> {
      if (channel === 'accounts:export') {
        throw new RendererApiError('invalid_input', WEB_EXPORT_REFUSAL)
      }
      const build = httpRouteFor[channel] as unknown as RouteBuilder
      if (!build) {
        throw new RendererApiError('invalid_input', `The web console cannot do ${channel}`)
      }
      const body = await send(build(...args))
      switch (channel) {
        case 'proxy:reveal-api-key':
          return (body as { api_key: string }).api_key as IpcResultValue<C>
        case 'accounts:open-oauth-in-browser':
          openWindow((body as { auth_url: string }).auth_url)
          return null as IpcResultValue<C>
        case 'accounts:start-oauth':
          // The desktop app opens its own sign-in window; here a browser tab plays that part.
          openWindow((body as OAuthStartDto).auth_url)
          return body as IpcResultValue<C>
        default:
          return body as IpcResultValue<C>
      }
    },
    on: events.on,
  }
}
