import type { IpcMain, IpcMainInvokeEvent } from 'electron'
import type { Logger } from '../core'
import { describeError, isAgtrayError } from '../core'
import type { IpcCallChannel, IpcHandlers, IpcResult } from '../shared/ipc-contract'
import { ipcCallChannels } from '../shared/ipc-contract'
import { readIpcArgs } from '../shared/operation-args'
import type { SenderCheck } from './ipc-sender-check'

type IpcFailure = Extract<IpcResult<unknown>, { ok: false }>

/** An AgtrayError's message is written for users; anything else may hold internals, so it stays in the log. */
export function toIpcFailure(error: unknown, channel: IpcCallChannel, logger: Logger): IpcFailure {
  if (isAgtrayError(error)) return { ok: false, code: error.code, message: error.message }
  logger.error(`IPC ${channel} failed: ${describeError(error)}`)
  return { ok: false, code: 'internal', message: 'Something went wrong in agtray; see its log' }
}

type AnyHandler = (...args: unknown[]) => Promise<unknown>

/**
 * Registers exactly one `ipcMain.handle` per contract channel; every answer is an IpcResult. The
 * renderer is trusted code, but a compromised or buggy page must not reach the core with shapes
 * the types promise never happen: every argument is checked against the operation's schema.
 */
export function registerIpcHandlers(deps: {
  ipcMain: Pick<IpcMain, 'handle'>
  handlers: IpcHandlers
  isTrustedSender: SenderCheck
  logger: Logger
}): void {
  const answer = async (
    channel: IpcCallChannel,
    event: IpcMainInvokeEvent,
    args: unknown[],
  ): Promise<IpcResult<unknown>> => {
    if (!deps.isTrustedSender(event)) {
      deps.logger.warn(
        `Refused IPC ${channel} from ${event.senderFrame?.url ?? 'an unknown frame'}`,
      )
      return { ok: false, code: 'unauthorized', message: 'This page may not call agtray' }
    }
    const reading = readIpcArgs(channel, args)
    if (!reading.ok) {
      return { ok: false, code: 'invalid_input', message: `${channel}: ${reading.message}` }
    }
    try {
      const handler = deps.handlers[channel] as AnyHandler
      return { ok: true, value: await handler(...reading.args) }
    } catch (error) {
      return toIpcFailure(error, channel, deps.logger)
    }
  }
  for (const channel of ipcCallChannels) {
    deps.ipcMain.handle(channel, (event, ...args: unknown[]) => answer(channel, event, args))
  }
}
