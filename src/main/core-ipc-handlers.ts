import type { CoreApi } from '../core'
import { createCoreOperations } from '../core'
import type { ExportResultDto } from '../shared/oauth-dto'
import type { IpcHandlers } from '../shared/ipc-contract'
import type { StartAtLogin } from './login-item'
import type { OAuthWindows } from './oauth-window'

/** The renderer's calls, answered by the core; what only the desktop can do is done here. */
export function createCoreIpcHandlers(deps: {
  core: CoreApi
  oauthWindows: OAuthWindows
  exportAccounts(): Promise<ExportResultDto>
  startAtLogin: Pick<StartAtLogin, 'apply'>
  /** Settings changed from the window: the tray's "Start at login" follows. */
  onSettingsChanged(): void
}): IpcHandlers {
  const { core, oauthWindows } = deps
  return {
    ...createCoreOperations(core),
    'accounts:start-oauth': (accountId) => oauthWindows.start(accountId),
    'accounts:cancel-oauth': async (flowId) => {
      oauthWindows.cancel(flowId)
      return null
    },
    'accounts:open-oauth-in-browser': async (flowId) => {
      await oauthWindows.openInBrowser(flowId)
      return null
    },
    'accounts:export': () => deps.exportAccounts(),
    'settings:update': async (patch) => {
      const settings = await core.updateSettings(patch)
      if (patch.start_at_login !== undefined) deps.startAtLogin.apply(settings.start_at_login)
      deps.onSettingsChanged()
      return settings
    },
  }
}
