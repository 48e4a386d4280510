import type { ErrorBodyDto } from '../shared/error-codes'
import type { AccountsBackend } from './accounts-backend'
import { CliError } from './cli-error'

/** Account commands through a running server's admin API. */
export function createAdminHttpBackend(baseUrl: string, adminToken: string): AccountsBackend {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    let response: Response
    try {
      response = await fetch(`${baseUrl}/api${path}`, {
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
    if (response.status === 204) return undefined as T
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
    return json as T
  }
  const id = (value: string): string => encodeURIComponent(value)
  return {
    via: 'server',
    list: () => call('GET', '/accounts'),
    add: (refreshToken) => call('POST', '/accounts', { refresh_token: refreshToken }),
    remove: (accountId) => call('DELETE', `/accounts/${id(accountId)}`),
    setProxyDisabled: (accountId, disabled, reason) =>
      call('POST', `/accounts/${id(accountId)}/proxy-disabled`, {
        proxy_disabled: disabled,
        reason,
      }),
    importAccounts: (input) => call('POST', '/accounts/import', input),
    close: async () => undefined,
  }
}
