#!/usr/bin/env node
import { Command, CommanderError } from 'commander'
import { describeError, isAgtrayError } from '../core'
import { APP_VERSION } from '../shared/app-info'
import { registerAccountCommands } from './accounts-commands'
import { CliError } from './cli-error'
import { createCliContext } from './cli-context'
import { registerLoginCommand } from './login-command'
import { registerServeCommand } from './serve-command'

async function main(argv: string[]): Promise<number> {
  const program = new Command()
  const context = createCliContext(process.env, () => program.opts<{ dataDir?: string }>())
  program
    .name('agtray')
    .description(
      'Antigravity Tray: your Google accounts behind one OpenAI / Anthropic / Gemini proxy',
    )
    .version(APP_VERSION)
    .option('--data-dir <dir>', 'data folder (default ~/.agtray, or AGTRAY_DATA_DIR)')
    .enablePositionalOptions(false)
    .showHelpAfterError('(run `agtray --help` for usage)')
    .exitOverride()
  registerServeCommand(program, context)
  registerAccountCommands(program, context)
  registerLoginCommand(program, context)
  for (const command of program.commands) {
    command.exitOverride()
    for (const sub of command.commands) sub.exitOverride()
  }
  try {
    await program.parseAsync(argv)
    return 0
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version end here too, with exit code 0.
      return error.exitCode === 0 ? 0 : 2
    }
    if (error instanceof CliError) {
      process.stderr.write(`agtray: ${error.message}\n`)
      return error.exitCode
    }
    if (isAgtrayError(error)) {
      process.stderr.write(`agtray: ${error.message}\n`)
      return 1
    }
    process.stderr.write(`agtray: unexpected error: ${describeError(error)}\n`)
    return 1
  }
}

void main(process.argv).then((code) => {
  process.exitCode = code
})
