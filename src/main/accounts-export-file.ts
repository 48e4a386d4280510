import path from 'node:path'
import type { SaveDialogOptions, SaveDialogReturnValue } from 'electron'
import type { CoreApi } from '../core'
import type { ExportResultDto } from '../shared/oauth-dto'

const pad = (value: number): string => String(value).padStart(2, '0')

/** `agtray-accounts-2025-01-31.json`, in the user's local date. */
export const exportFileName = (now: Date): string =>
  `agtray-accounts-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}.json`

/** Writes `data` readable by the owner only, even over an existing, more open file. */
export type PrivateFileWriter = (file: string, data: string) => Promise<void>

/**
 * "Export accounts": the refresh tokens go from the core straight into the file the user chose;
 * the renderer only learns where it went and how many accounts it holds.
 */
export function createAccountsExport(deps: {
  core: Pick<CoreApi, 'exportAccounts'>
  showSaveDialog(options: SaveDialogOptions): Promise<SaveDialogReturnValue>
  writePrivateFile: PrivateFileWriter
  defaultFolder(): string
  now(): Date
}): () => Promise<ExportResultDto> {
  return async () => {
    const choice = await deps.showSaveDialog({
      title: 'Export accounts',
      defaultPath: path.join(deps.defaultFolder(), exportFileName(deps.now())),
      filters: [{ name: 'JSON', extensions: ['json'] }],
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    })
    if (choice.canceled || !choice.filePath) return { saved_to: null, count: 0 }
    const accounts = await deps.core.exportAccounts()
    await deps.writePrivateFile(choice.filePath, `${JSON.stringify(accounts, null, 2)}\n`)
    return { saved_to: choice.filePath, count: accounts.length }
  }
}
