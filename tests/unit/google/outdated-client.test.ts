import { describe, expect, it } from 'vitest'
import { outdatedClientRefusal } from '../../../src/core/google/outdated-client'

const rpc = (code: number, status: string, message: string): string =>
  JSON.stringify({ error: { code, status, message } })

describe('recognising Google’s refusal of the client version', () => {
  it('is the FAILED_PRECONDITION "no longer supported" answer, with Google’s words', () => {
    const message =
      'This version of Antigravity is no longer supported. Please update to receive the latest features and improvements.'
    expect(outdatedClientRefusal(400, rpc(400, 'FAILED_PRECONDITION', message))).toBe(message)
    expect(outdatedClientRefusal(403, rpc(403, 'PERMISSION_DENIED', message))).toBe(message)
  })

  it('is not any other refusal: a bad request, a rate limit, a missing project', () => {
    expect(
      outdatedClientRefusal(
        400,
        rpc(400, 'INVALID_ARGUMENT', 'Invalid JSON payload received. Unknown name "version"'),
      ),
    ).toBeNull()
    expect(
      outdatedClientRefusal(429, rpc(429, 'RESOURCE_EXHAUSTED', 'Please update your version')),
    ).toBeNull()
    expect(
      outdatedClientRefusal(403, rpc(403, 'PERMISSION_DENIED', 'Permission denied on project')),
    ).toBeNull()
  })
})
