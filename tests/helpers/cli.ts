import type { ChildProcessWithoutNullStreams } from 'node:child_process'
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import type { FakeGoogle } from '../fakes/google'

export const repoRoot = path.resolve(__dirname, '../..')
export const builtCli = path.join(repoRoot, 'out', 'cli', 'index.js')

/** The environment of an `agtray` command line that uses `dataDir` and the fake Google. */
export const cliEnvFor = (
  fake: Pick<FakeGoogle, 'url' | 'clientId' | 'clientSecret'>,
  dataDir: string,
): Record<string, string> => ({
  AGTRAY_DATA_DIR: dataDir,
  AGTRAY_GOOGLE_BASE_URL: fake.url,
  AGTRAY_OAUTH_CLIENT_ID: fake.clientId,
  AGTRAY_OAUTH_CLIENT_SECRET: fake.clientSecret,
  AGTRAY_PORT: '0',
})

export function requireBuiltCli(): void {
  if (!existsSync(builtCli))
    throw new Error('out/cli/index.js is missing: run `npm run build` (npm test does)')
}

export interface CliResult {
  code: number | null
  stdout: string
  stderr: string
}

/** Environment for a child: no inherited AGTRAY_* and no display, plus what the test gives. */
export function childEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('AGTRAY_') && key !== 'DISPLAY' && key !== 'WAYLAND_DISPLAY')
      env[key] = value
  }
  return { ...env, ...extra }
}

/** Runs `node <script> args…` to the end. */
export function runNode(
  script: string,
  args: string[],
  env: Record<string, string | undefined>,
): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], { env: childEnv(env) })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += String(chunk)))
    child.stderr.on('data', (chunk) => (stderr += String(chunk)))
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

export const runCli = (
  args: string[],
  env: Record<string, string | undefined> = {},
): Promise<CliResult> => runNode(builtCli, args, env)

export interface RunningChild {
  child: ChildProcessWithoutNullStreams
  url: string
  output(): string
  /** Resolves when the output contains `text` (or rejects after `timeoutMs`). */
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<string>
  stop(): Promise<number | null>
}

/** Starts a long-running child (serve, npm start) and waits for its URL line. */
export async function startChild(
  script: string,
  args: string[],
  env: Record<string, string | undefined>,
): Promise<RunningChild> {
  const child = spawn(process.execPath, [script, ...args], { env: childEnv(env) })
  let output = ''
  const listeners = new Set<() => void>()
  const onData = (chunk: Buffer) => {
    output += String(chunk)
    for (const listener of listeners) listener()
  }
  child.stdout.on('data', onData)
  child.stderr.on('data', onData)
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)))
  const waitFor = (text: string | RegExp, timeoutMs = 15_000) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const match =
          typeof text === 'string'
            ? output.includes(text)
              ? text
              : null
            : (text.exec(output)?.[0] ?? null)
        if (match === null) return false
        listeners.delete(listener)
        clearTimeout(timer)
        resolve(match)
        return true
      }
      const listener = () => void check()
      const timer = setTimeout(() => {
        listeners.delete(listener)
        reject(new Error(`timed out waiting for ${String(text)}; output so far:\n${output}`))
      }, timeoutMs)
      listeners.add(listener)
      void exited.then(() => {
        if (!check()) {
          listeners.delete(listener)
          clearTimeout(timer)
          reject(new Error(`process exited before ${String(text)}; output:\n${output}`))
        }
      })
      check()
    })
  const url = await waitFor(/is serving on (http:\/\/[^\s]+)/)
  return {
    child,
    url: url.replace(/^is serving on /, ''),
    output: () => output,
    waitFor,
    stop: async () => {
      child.kill('SIGTERM')
      return exited
    },
  }
}
