import type { OperationHandlers, OperationName } from '../shared/operations'
import { AgtrayError } from './agtray-error'
import type { CoreApi } from './core-api'

/** Operations whose answer depends on who asks: each caller (admin API, desktop) has its own. */
export type CallerOperationName =
  | 'accounts:start-oauth'
  | 'accounts:cancel-oauth'
  | 'accounts:open-oauth-in-browser'
  | 'accounts:export'

/** Every other operation, answered by the core alone. */
export type CoreOperationName = Exclude<OperationName, CallerOperationName>

/**
 * The core's implementation of each operation of `src/shared/operations.ts`, shared by the admin
 * API and the desktop's IPC handlers. A new operation is a compile error here until it is
 * implemented (or declared a caller's, above).
 */
export function createCoreOperations(core: CoreApi): OperationHandlers<CoreOperationName> {
  return {
    'accounts:list': async () => core.listAccounts(),
    'accounts:add-refresh-token': (refreshToken) => core.addAccountByRefreshToken(refreshToken),
    'accounts:add-from-text': (text) => core.addAccountsFromText(text),
    'accounts:import': (input) => core.importAccounts(input),
    'accounts:remove': async (id) => {
      await core.removeAccount(id)
      return null
    },
    'accounts:set-proxy-disabled': (id, disabled, reason) =>
      core.setAccountProxyDisabled(id, disabled, reason),
    'accounts:complete-oauth': (flowId, answer) => core.completeOAuthPasted(flowId, answer),
    'accounts:refresh-quota': (id) => core.refreshAccountQuota(id),
    'accounts:refresh-all-quotas': () => core.refreshAllQuotas(),
    'accounts:oauth-url': async (flowId) => {
      const url = core.oauthUrl(flowId)
      if (!url) throw new AgtrayError('not_found', 'This sign-in has already ended')
      return url
    },
    'proxy:status': async () => core.proxyStatus(),
    'proxy:set-enabled': (enabled) => core.setProxyEnabled(enabled),
    'proxy:reveal-api-key': async () => core.revealApiKey(),
    'proxy:regenerate-api-key': () => core.regenerateApiKey(),
    'settings:get': async () => core.getSettings(),
    'settings:update': (patch) => core.updateSettings(patch),
  }
}
