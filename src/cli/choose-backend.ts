import { promises as fs } from 'node:fs'
import path from 'node:path'
import type { Logger } from '../core'
import { describeOwner, readLockOwner } from '../core'
import type { AccountsBackend } from './accounts-backend'
import { createAdminHttpBackend } from './admin-http-backend'
import { CliError } from './cli-error'
import { openLocalBackend } from './local-backend'

const WAIT_FOR_SERVER_MS = 3_000

/** The admin token the server uses: the environment's if set, else the one in settings.json. */
async function adminTokenOf(dataDir: string, env: NodeJS.ProcessEnv): Promise<string> {
  const fromEnv = env.AGTRAY_ADMIN_TOKEN?.trim()
  if (fromEnv) return fromEnv
  try {
    const settings = JSON.parse(await fs.readFile(path.join(dataDir, 'settings.json'), 'utf8')) as {
      proxy?: { admin_token?: string }
    }
    if (settings.proxy?.admin_token) return settings.proxy.admin_token
  } catch {
    // Reported below.
  }
  throw new CliError(
    `A server owns ${dataDir} but its admin token is not in settings.json or AGTRAY_ADMIN_TOKEN`,
  )
}

export async function chooseBackend(
  dataDir: string,
  env: NodeJS.ProcessEnv,
  logger: Logger,
  role: string,
): Promise<AccountsBackend> {
  const deadline = Date.now() + WAIT_FOR_SERVER_MS
  for (;;) {
    const owner = await readLockOwner(dataDir)
    if (!owner) {
      try {
        return await openLocalBackend(dataDir, env, logger, role)
      } catch (error) {
        // Another process took the folder between our look and our lock: look again.
        if ((error as { code?: string }).code === 'data_dir_locked' && Date.now() < deadline)
          continue
        throw error
      }
    }
    if (owner.url) return createAdminHttpBackend(owner.url, await adminTokenOf(dataDir, env))
    // A server still starting, or another one-shot command: give it a moment.
    if (Date.now() >= deadline) throw new CliError(describeOwner(dataDir, owner))
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}
