import type { Readable } from 'node:stream'
import { runCli } from '../../src/cli/run-cli'
import type { CliResult } from './cli'

/** Runs an `agtray` command line in this process, with only `env` as its environment. */
export async function runCliInProcess(
  argv: string[],
  env: Record<string, string>,
  io: { stdin?: Readable; output?: { stdout: string; stderr: string } } = {},
): Promise<CliResult> {
  // Shared with the caller while the command runs, for commands that wait for input.
  const output = io.output ?? { stdout: '', stderr: '' }
  const code = await runCli(argv, {
    env,
    stdout: (text) => (output.stdout += text),
    stderr: (text) => (output.stderr += text),
    ...(io.stdin ? { stdin: () => io.stdin! } : {}),
  })
  return { code, ...output }
}
