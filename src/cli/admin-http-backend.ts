import type { ErrorBodyDto } from '../shared/error-codes'
import { httpRequestFor, httpResultOf } from '../shared/operation-http'
import type { HttpOperationName, OperationArgs, OperationResult } from '../shared/operations'
import type { AccountsBackend } from './accounts-backend'
import { CliError } from './cli-error'

/** Account commands through a running server's admin API, as the operations contract says. */
export function createAdminHttpBackend(baseUrl: string, adminToken: string): AccountsBackend {
  const call = async <N extends HttpOperationName>(
    name: N,
    ...args: OperationArgs<N>
  ): Promise<OperationResult<N>> => {
    const { method, path, body } = httpRequestFor(name, args)
    let response: Response
    try {
      response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${adminToken}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
    } catch (error) {
      throw new CliError(
        `The agtray server at ${baseUrl} did not answer (${(error as Error).message})`,
      )
    }
    if (response.status === 204) return httpResultOf(name, null)
    const text = await response.text()
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      throw new CliError(
        `The agtray server answered ${response.status} with a body that is not JSON`,
      )
    }
    if (!response.ok) {
      const message = (json as ErrorBodyDto).error?.message ?? `HTTP ${response.status}`
      throw new CliError(message)
    }
    return httpResultOf(name, json)
  }
  return {
    via: 'server',
    list: () => call('accounts:list'),
    add: (refreshToken) => call('accounts:add-refresh-token', refreshToken),
    remove: async (accountId) => {
      await call('accounts:remove', accountId)
    },
    setProxyDisabled: (accountId, disabled, reason) =>
      call('accounts:set-proxy-disabled', accountId, disabled, reason ?? null),
    importAccounts: (input) => call('accounts:import', input),
    refreshQuota: (accountId) => call('accounts:refresh-quota', accountId),
    refreshAllQuotas: () => call('accounts:refresh-all-quotas'),
    close: async () => undefined,
  }
}
