import { createInterface } from 'node:readline'
import type { OAuthFlow } from '../core'
import { completeWithPasted, describeError } from '../core'
import type { CliContext } from './cli-context'

/**
 * `agtray login --no-browser` on a server: the user opens the URL on another device and pastes
 * back the address the browser ended on (or the code). A paste that is not this sign-in's is
 * refused and the wait goes on; the loopback redirect still works meanwhile. Stops reading once
 * the sign-in has ended, however it ended.
 */
export function acceptPastedAnswers(flow: OAuthFlow, context: CliContext): void {
  const input = context.stdin?.()
  if (!input) return
  context.out(
    'Signing in on another device? Open the URL there, then paste here the address your browser ends on (or the code):',
  )
  const lines = createInterface({ input, terminal: false })
  lines.on('line', (line) => {
    if (line.trim() === '') return
    try {
      completeWithPasted(flow, line).catch(() => undefined)
    } catch (error) {
      context.err(`${describeError(error)}\nPaste again, or press Ctrl+C to stop.`)
    }
  })
  const stop = (): void => {
    lines.close()
    input.destroy?.()
  }
  flow.result.then(stop, stop)
}
