import type { HttpOperationName, OperationHandlers } from '../../../shared/operations'
import type { CoreApi } from '../../core-api'
import { createCoreOperations } from '../../core-operations'

/** What the admin API answers each operation with: the core's, and sign-ins through this server. */
export function createAdminHandlers(core: CoreApi): OperationHandlers<HttpOperationName> {
  return {
    ...createCoreOperations(core),
    'accounts:start-oauth': (accountId) =>
      core.startOAuth({
        accountId,
        // From the address agtray is bound to, never from the request's Host: Google must send
        // the browser back to this server, whatever name the page was reached by.
        redirect: { kind: 'server', callbackUrl: `${core.proxyStatus().base_url}/oauth/callback` },
      }),
    'accounts:cancel-oauth': async (flowId) => {
      core.cancelOAuth(flowId)
      return null
    },
  }
}
