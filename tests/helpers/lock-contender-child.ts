/**
 * One agtray-like process trying to take a data folder: prints `won` or `lost <message>`, and
 * holds the lock until its stdin closes.
 */
import { acquireDataDirLock } from '../../src/core/runtime/data-dir-lock'

const dataDir = process.argv[2] ?? ''
acquireDataDirLock(dataDir, 'serve').then(
  async (lock) => {
    process.stdout.write('won\n')
    process.stdin.resume()
    await new Promise((resolve) => process.stdin.on('end', resolve))
    await lock.release()
  },
  (error: unknown) => {
    process.stdout.write(`lost ${(error as Error).message}\n`)
  },
)
