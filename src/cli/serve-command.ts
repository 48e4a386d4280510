import { existsSync } from 'node:fs'
import path from 'node:path'
import type { Command } from 'commander'
import type { LogLevel } from '../core'
import { createCore, guardProcess } from '../core'
import { APP_VERSION } from '../shared/app-info'
import { CliError } from './cli-error'
import { createCliLogger } from './cli-logger'
import type { CliContext } from './cli-context'

interface ServeOptions {
  host?: string
  port?: string
  googleBaseUrl?: string
  logLevel: LogLevel
}

const parsePort = (value: string | undefined): number | undefined => {
  if (value === undefined) return undefined
  const port = Number(value)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new CliError(`--port must be 0-65535, not "${value}"`, 2)
  return port
}

/** The renderer built next to this CLI (out/renderer), served as the web console. */
function builtWebConsole(): string | null {
  const dir = path.join(__dirname, '..', 'renderer')
  return existsSync(path.join(dir, 'index.html')) ? dir : null
}

export function registerServeCommand(program: Command, context: CliContext): void {
  program
    .command('serve')
    .description('run the proxy and the admin API without a window (headless)')
    .option('--host <host>', 'address to listen on (default 127.0.0.1, or AGTRAY_HOST)')
    .option('--port <port>', 'port to listen on (default 8045, or AGTRAY_PORT)')
    .option('--google-base-url <url>', 'send every Google call to this host (tests, mirrors)')
    .option('--log-level <level>', 'debug, info, warn or error', 'info')
    .action(async (options: ServeOptions) => {
      const dataDir = context.dataDir()
      const logger = createCliLogger(dataDir, options.logLevel)
      const unguard = guardProcess(logger)
      const core = await createCore({
        dataDir,
        env: context.env,
        overrides: {
          host: options.host,
          port: parsePort(options.port),
          googleBaseUrl: options.googleBaseUrl,
        },
        logger,
        role: 'serve',
        proxyEnabledAtStart: true,
        webConsoleDir: builtWebConsole(),
      }).start()
      const { url } = core
      const settings = core.settings()
      const status = core.proxyStatus()
      const keyWhere =
        settings.apiKeySource === 'environment'
          ? 'from AGTRAY_API_KEY'
          : `proxy.api_key in ${dataDir}/settings.json`
      const keyNeeded =
        settings.authMode === 'auto'
          ? ' (auth mode auto: required only when listening beyond this machine)'
          : ` (auth mode ${settings.authMode})`
      context.out(
        [
          `agtray ${APP_VERSION} is serving on ${url} (proxy enabled, ${status.pool_size} account(s) in the pool)`,
          `  OpenAI base URL:     ${url}/v1`,
          `  Anthropic base URL:  ${url}`,
          `  Gemini base URL:     ${url}`,
          `  Web console:         ${url}/ (log in with the admin token)`,
          `  API key:             ${keyWhere}${keyNeeded}`,
          `  Admin token:         ${settings.adminTokenSource === 'environment' ? 'from AGTRAY_ADMIN_TOKEN' : `proxy.admin_token in ${dataDir}/settings.json`}`,
          `  Data folder:         ${dataDir}`,
          'Press Ctrl+C to stop.',
        ].join('\n'),
      )
      await new Promise<void>((resolve) => {
        const shutdown = (): void => {
          process.off('SIGINT', shutdown)
          process.off('SIGTERM', shutdown)
          void core.stop().then(() => {
            unguard()
            resolve()
          })
        }
        process.on('SIGINT', shutdown)
        process.on('SIGTERM', shutdown)
      })
    })
}
