import { createInterface } from 'node:readline'
import type { OAuthFlow } from '../core'
import { describeError } from '../core'
import type { CliContext } from './cli-context'

/**
 * Signing in for a server from another computer: the browser there cannot reach this machine's
 * loopback redirect, so the user pastes the address it ended on (or the code) here. A paste that
 * is not this sign-in's is refused and the sign-in keeps waiting; the loopback still works too.
 * Stops reading once the sign-in has ended, however it ended.
 */
export function acceptPastedAnswers(flow: OAuthFlow, context: CliContext): void {
  if (!context.stdin) return
  const lines = createInterface({ input: context.stdin, terminal: false })
  const stop = (): void => lines.close()
  flow.result.then(stop, stop)
  lines.on('line', (line) => {
    if (line.trim() === '') return
    try {
      // How the exchange ends is the login's own result; it reports that.
      flow.completePasted(line).catch(() => undefined)
    } catch (error) {
      context.err(`${describeError(error)} (still waiting)`)
    }
  })
}
