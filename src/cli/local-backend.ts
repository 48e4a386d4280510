import type { Logger } from '../core'
import { createCore } from '../core'
import type { AccountsBackend } from './accounts-backend'

/** Account commands on the files, holding the data folder's lock for the command's duration. */
export async function openLocalBackend(
  dataDir: string,
  env: NodeJS.ProcessEnv,
  logger: Logger,
  role: string,
): Promise<AccountsBackend> {
  const core = await createCore({ dataDir, env, logger, role }).open()
  return {
    via: 'files',
    list: async () => core.listAccounts(),
    add: (refreshToken) => core.addAccountByRefreshToken(refreshToken),
    remove: (id) => core.removeAccount(id),
    setProxyDisabled: (id, disabled, reason) => core.setAccountProxyDisabled(id, disabled, reason),
    importAccounts: (input) => core.importAccounts(input),
    refreshQuota: (id) => core.refreshAccountQuota(id),
    refreshAllQuotas: () => core.refreshAllQuotas(),
    close: () => core.stop(),
  }
}
