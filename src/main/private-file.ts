import { open } from 'node:fs/promises'
import type { PrivateFileWriter } from './accounts-export-file'

/**
 * The mode given to open() only applies to a new file, so an existing file is narrowed to 0600
 * before the secrets go in, not after.
 */
export const writePrivateFile: PrivateFileWriter = async (file, data) => {
  const handle = await open(file, 'w', 0o600)
  try {
    await handle.chmod(0o600)
    await handle.writeFile(data, 'utf8')
  } finally {
    await handle.close()
  }
}
