import { runCli } from '../../src/cli/run-cli'
import type { CliResult } from './cli'

/** Runs an `agtray` command line in this process, with only `env` as its environment. */
export async function runCliInProcess(
  argv: string[],
  env: Record<string, string>,
): Promise<CliResult> {
  let stdout = ''
  let stderr = ''
  const code = await runCli(argv, {
    env,
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
  })
  return { code, stdout, stderr }
}
