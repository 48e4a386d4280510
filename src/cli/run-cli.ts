import { Command, CommanderError } from 'commander'
import { describeError, isAgtrayError } from '../core'
import { APP_VERSION } from '../shared/app-info'
import { registerAccountCommands } from './accounts-commands'
import { CliError } from './cli-error'
import type { CliIo } from './cli-context'
import { createCliContext } from './cli-context'
import { registerLoginCommand } from './login-command'
import { registerServeCommand } from './serve-command'

/**
 * Runs one `agtray` command line and returns its exit code: 0 done, 1 failed, 2 wrong usage.
 * Everything it prints goes through `io`, so tests run it in-process.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const program = new Command()
  const context = createCliContext(io, () => program.opts<{ dataDir?: string }>())
  program
    .name('agtray')
    .description(
      'Antigravity Tray: your Google accounts behind one OpenAI / Anthropic / Gemini proxy',
    )
    .version(APP_VERSION)
    .option('--data-dir <dir>', 'data folder (default ~/.agtray, or AGTRAY_DATA_DIR)')
    .enablePositionalOptions(false)
    .showHelpAfterError('(run `agtray --help` for usage)')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride()
  registerServeCommand(program, context)
  registerAccountCommands(program, context)
  registerLoginCommand(program, context)
  for (const command of program.commands) {
    command.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    for (const sub of command.commands)
      sub.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
  }
  try {
    await program.parseAsync([...argv], { from: 'user' })
    return 0
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version end here too, with exit code 0.
      return error.exitCode === 0 ? 0 : 2
    }
    if (error instanceof CliError) {
      io.stderr(`agtray: ${error.message}\n`)
      return error.exitCode
    }
    if (isAgtrayError(error)) {
      io.stderr(`agtray: ${error.message}\n`)
      return 1
    }
    io.stderr(`agtray: unexpected error: ${describeError(error)}\n`)
    return 1
  }
}
