import { AgtrayError } from '../agtray-error'
import { describeWait } from '../runtime/wait-time'

/** Which wait ran out: opening a connection, Google's first answer, or the gap inside an answer. */
export type GoogleTimeoutPhase = 'connect' | 'response' | 'idle'

/**
 * A call to Google that took longer than the transport allows. It destroys the request, so it
 * reaches whoever listens for the request's errors (http-proxy's error handler, gaxios, our
 * request helper) as the cause.
 */
export class GoogleTimeoutError extends AgtrayError {
  readonly phase: GoogleTimeoutPhase
  readonly timeoutMs: number

  constructor(phase: GoogleTimeoutPhase, timeoutMs: number, host: string) {
    super('google_unavailable', '')
    this.name = 'GoogleTimeoutError'
    this.phase = phase
    this.timeoutMs = timeoutMs
    this.message = this.explain(host)
  }

  /** What happened, told about `service` ("Google Cloud Code", a host name). */
  explain(service: string): string {
    const wait = describeWait(this.timeoutMs)
    if (this.phase === 'connect') return `could not connect to ${service} within ${wait}`
    if (this.phase === 'response') return `${service} did not answer within ${wait}`
    return `${service} sent nothing for ${wait} in the middle of its answer`
  }
}

export const isGoogleTimeout = (error: unknown): error is GoogleTimeoutError =>
  error instanceof GoogleTimeoutError
