import { StrictMode } from 'react'
import type { ReactNode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app'
import { createHttpRendererApi } from './transport/http-renderer-api'
import type { FetchLike } from './transport/http-request'
import { createIpcRendererApi, isPreloadBridge } from './transport/ipc-renderer-api'
import { createWebSession } from './transport/web-session'
import { WebConsole } from './web/web-console'
import './styles.css'

/** The desktop preload puts a bridge on `window.api`; a browser on `agtray serve` has none. */
function chooseRoot(): ReactNode {
  const bridge = (window as Window & { api?: unknown }).api
  if (isPreloadBridge(bridge)) {
    return <App api={createIpcRendererApi(bridge)} environment={{ kind: 'desktop' }} />
  }
  const fetch: FetchLike = (url, init) => window.fetch(url, init)
  const session = createWebSession({ baseUrl: '', fetch })
  const createApi = (onUnauthorized: () => void): ReturnType<typeof createHttpRendererApi> =>
    createHttpRendererApi({
      baseUrl: '',
      fetch,
      createEventSource: (url) => new EventSource(url),
      onUnauthorized,
    })
  return <WebConsole session={session} createApi={createApi} />
}

const root = document.getElementById('root')
if (root) {
  createRoot(root).render(<StrictMode>{chooseRoot()}</StrictMode>)
}
