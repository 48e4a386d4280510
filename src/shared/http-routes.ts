import type { IpcArgs, IpcCallChannel } from './ipc-contract'

export interface HttpRoute {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE'
  path: string
  body?: unknown
}

const id = (value: string): string => encodeURIComponent(value)

/**
 * The admin API route behind each call, for the web console's transport. `null`: not over HTTP.
 * `accounts:export` would send refresh tokens over the network, which the admin API never does
 * (the console says to run `agtray accounts export` on the server); `accounts:open-oauth-in-browser`
 * reads the flow's URL and the console opens it in a new tab itself.
 */
export const httpRouteFor: {
  [C in IpcCallChannel]: ((...args: IpcArgs<C>) => HttpRoute) | null
} = {
  'accounts:list': () => ({ method: 'GET', path: '/api/accounts' }),
  'accounts:add-from-text': (text) => ({
    method: 'POST',
    path: '/api/accounts/add-from-text',
    body: { text },
  }),
  'accounts:remove': (accountId) => ({ method: 'DELETE', path: `/api/accounts/${id(accountId)}` }),
  'accounts:set-proxy-disabled': (accountId, disabled, reason) => ({
    method: 'POST',
    path: `/api/accounts/${id(accountId)}/proxy-disabled`,
    body: { proxy_disabled: disabled, reason },
  }),
  'accounts:start-oauth': (accountId) => ({
    method: 'POST',
    path: '/api/oauth/start',
    body: { account_id: accountId },
  }),
  'accounts:cancel-oauth': (flowId) => ({
    method: 'POST',
    path: `/api/oauth/${id(flowId)}/cancel`,
  }),
  'accounts:open-oauth-in-browser': (flowId) => ({
    method: 'GET',
    path: `/api/oauth/${id(flowId)}`,
  }),
  'accounts:export': null,
  'proxy:status': () => ({ method: 'GET', path: '/api/proxy' }),
  'proxy:set-enabled': (enabled) => ({ method: 'POST', path: '/api/proxy', body: { enabled } }),
  'proxy:reveal-api-key': () => ({ method: 'GET', path: '/api/proxy/api-key' }),
  'proxy:regenerate-api-key': () => ({ method: 'POST', path: '/api/proxy/api-key/regenerate' }),
  'settings:get': () => ({ method: 'GET', path: '/api/settings' }),
  'settings:update': (patch) => ({ method: 'PATCH', path: '/api/settings', body: patch }),
}
