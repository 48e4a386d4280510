import type {
  IpcArgs,
  IpcCallChannel,
  IpcResultValue,
  RendererApi,
} from '../../../shared/ipc-contract'
import { RendererApiError } from '../../../shared/ipc-contract'
import type { OAuthStartDto } from '../../../shared/oauth-dto'
import type {
  HttpOperationName,
  OperationArgs,
  OperationHandlers,
  OperationResult,
} from '../../../shared/operations'
import { isHttpOperation } from '../../../shared/operations'
import type { FetchLike } from './http-request'
import { callHttpOperation } from './http-operation-call'
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

/** The calls the admin API does not offer: the web console does something else instead. */
type WebOnlyChannel = Exclude<IpcCallChannel, HttpOperationName>

type AnyCall = (...args: unknown[]) => Promise<unknown>

/** The web console's RendererApi: the admin HTTP API for calls, its SSE stream for events. */
export function createHttpRendererApi(options: HttpRendererApiOptions): RendererApi {
  const target = { baseUrl: options.baseUrl, fetch: options.fetch }
  const openWindow = options.openWindow ?? openInNewTab
  const session = createWebSession(target)

  const send = async <N extends HttpOperationName>(
    name: N,
    ...args: OperationArgs<N>
  ): Promise<OperationResult<N>> => {
    try {
      return await callHttpOperation(target, name, ...args)
    } catch (error) {
      if (error instanceof RendererApiError && error.code === 'unauthorized') {
        options.onUnauthorized?.()
      }
      throw error
    }
  }

  const instead: OperationHandlers<WebOnlyChannel> = {
    'accounts:export': async () => {
      throw new RendererApiError('invalid_input', WEB_EXPORT_REFUSAL)
    },
    'accounts:open-oauth-in-browser': async (flowId) => {
      openWindow(await send('accounts:oauth-url', flowId))
      return null
    },
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
      if (!isHttpOperation(channel)) {
        return (instead[channel as WebOnlyChannel] as AnyCall)(...args) as Promise<
          IpcResultValue<C>
        >
      }
      const result = await (send as (name: HttpOperationName, ...rest: unknown[]) => unknown)(
        channel,
        ...args,
      )
      if (channel === 'accounts:start-oauth') {
        // The desktop app opens its own sign-in window; here a browser tab plays that part.
        openWindow((result as OAuthStartDto).auth_url)
      }
      return result as IpcResultValue<C>
    },
    on: events.on,
  }
}
