import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type * as CliLogger from '../src/cli/cli-logger'
import type * as Core from '../src/core'
import type * as DesktopLogger from '../src/main/desktop-logger'
import type * as AccountFiles from '../tests/helpers/account-files'
import type { AgtrayLogger } from './bench-options'
import type { BenchUser } from './bench-google'

export interface BenchAgtrayConfig {
  dataDir: string
  google: { url: string; clientId: string; clientSecret: string; users: BenchUser[] }
  logger: AgtrayLogger
  /** Another checkout of agtray to run instead of this one (a before/after comparison). */
  srcRoot?: string
}

type CoreModule = typeof Core
type CliLoggerModule = typeof CliLogger
type DesktopLoggerModule = typeof DesktopLogger
type AccountFilesModule = typeof AccountFiles

/** agtray as `agtray serve` runs it: the real core and server, the accounts in a data folder. */
export async function startBenchAgtray(
  config: BenchAgtrayConfig,
): Promise<{ core: { stop(): Promise<void> }; url: string }> {
  const root = config.srcRoot ?? path.join(__dirname, '..')
  const load = <T>(file: string) => import(pathToFileURL(path.join(root, file)).href) as Promise<T>
  const { createCore, createLogger } = await load<CoreModule>('src/core/index.ts')
  const { seedAccounts } = await load<AccountFilesModule>('tests/helpers/account-files.ts')
  const logger =
    config.logger === 'cli'
      ? // What `agtray serve` writes: pretty lines on stdout and JSON lines in the data folder.
        (await load<CliLoggerModule>('src/cli/cli-logger.ts')).createCliLogger(
          config.dataDir,
          'info',
        )
      : config.logger === 'json'
        ? // What the desktop app writes when not started from a terminal.
          (await load<DesktopLoggerModule>('src/main/desktop-logger.ts')).createDesktopLogger(
            config.dataDir,
          )
        : createLogger({ level: 'error', streams: [{ level: 'error', stream: process.stderr }] })
  seedAccounts(
    config.dataDir,
    config.google.users.map((user) => ({
      email: user.email,
      refreshToken: user.refreshToken,
      projectId: user.projectId,
    })),
  )
  const core = createCore({
    dataDir: config.dataDir,
    env: {
      AGTRAY_OAUTH_CLIENT_ID: config.google.clientId,
      AGTRAY_OAUTH_CLIENT_SECRET: config.google.clientSecret,
    },
    overrides: { host: '127.0.0.1', port: 0, googleBaseUrl: config.google.url },
    logger,
    role: 'bench',
    proxyEnabledAtStart: true,
  })
  const started = await core.start()
  // A checkout from before the core's services (srcRoot) is stopped through the core itself.
  const legacy = core as unknown as { stop?: () => Promise<void> }
  const stop = 'stop' in started ? () => started.stop() : () => legacy.stop?.() ?? Promise.resolve()
  return { core: { stop }, url: started.url }
}
