/**
 * The bench's processes talk over Node's IPC channel: a child announces itself with `ready`,
 * then answers the parent's named commands (`stats`, `stop`…) one reply per question.
 */
import type { ChildProcess } from 'node:child_process'
import { fork } from 'node:child_process'

type ToChild = { type: 'ask'; id: number; command: string; payload?: unknown }
type ToParent =
  { type: 'ready'; value: unknown } | { type: 'reply'; id: number; value?: unknown; error?: string }

export interface BenchChild<Ready> {
  readonly ready: Ready
  ask<T>(command: string, payload?: unknown): Promise<T>
  /** Asks the child to close its servers and exit; kills it if it lingers. */
  stop(): Promise<void>
}

/**
 * Starts `script` under tsx with `env` added; resolves once it said `ready`. Its stdout is
 * dropped (agtray serve's logger writes there; the bench's own stdout is the table), its stderr
 * shown.
 */
export function forkBenchChild<Ready>(
  script: string,
  env: Record<string, string>,
): Promise<BenchChild<Ready>> {
  const child = fork(script, [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  })
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>()
  let nextId = 1
  child.on('message', (message: ToParent) => {
    if (message.type !== 'reply') return
    const waiter = pending.get(message.id)
    pending.delete(message.id)
    if (message.error !== undefined) waiter?.reject(new Error(message.error))
    else waiter?.resolve(message.value)
  })
  child.once('exit', (code) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`${script} exited (${code})`))
    pending.clear()
  })
  return new Promise((resolve, reject) => {
    const failed = (code: number | null) =>
      reject(new Error(`${script} exited (${code}) before it was ready`))
    child.once('exit', failed)
    child.once('message', (message: ToParent) => {
      if (message.type !== 'ready') return
      child.off('exit', failed)
      resolve(wrap(child, message.value as Ready))
    })
  })

  function wrap(process: ChildProcess, ready: Ready): BenchChild<Ready> {
    const ask = <T>(command: string, payload?: unknown): Promise<T> =>
      new Promise<T>((resolve, reject) => {
        const id = nextId++
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject })
        process.send({ type: 'ask', id, command, payload } satisfies ToChild)
      })
    return {
      ready,
      ask,
      async stop() {
        if (process.exitCode !== null || process.signalCode !== null) return
        const exited = new Promise<void>((resolve) => process.once('exit', () => resolve()))
        ask('stop').catch(() => undefined)
        const timer = setTimeout(() => process.kill('SIGKILL'), 10_000)
        await exited
        clearTimeout(timer)
      },
    }
  }
}

export type CommandHandlers = Record<string, (payload: unknown) => unknown>

/** The child's side: say `ready`, answer commands; `stop` runs `onStop` and exits. */
export function serveParent(
  ready: unknown,
  commands: CommandHandlers,
  onStop: () => Promise<void>,
): void {
  const send = (message: ToParent) => process.send?.(message)
  process.on('message', (message: ToChild) => {
    if (message.type !== 'ask') return
    if (message.command === 'stop') {
      void onStop().finally(() => process.exit(0))
      return
    }
    const handler = commands[message.command]
    Promise.resolve()
      .then(() => {
        if (!handler) throw new Error(`unknown command ${message.command}`)
        return handler(message.payload)
      })
      .then(
        (value) => send({ type: 'reply', id: message.id, value }),
        (error: Error) => send({ type: 'reply', id: message.id, error: error.message }),
      )
  })
  // The parent going away (Ctrl+C, a crash) must not leave this process behind.
  process.on('disconnect', () => void onStop().finally(() => process.exit(0)))
  send({ type: 'ready', value: ready })
}
