import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { isRequestRefusal, refusedByEnoughAccounts } from '../../../src/core/pool/request-refusal'

const fixture = (name: string): string =>
  readFileSync(path.join(__dirname, '../../fixtures', name), 'utf8')

describe('isRequestRefusal', () => {
  it('calls an invalid argument, a too large request and a prefill refusal the request’s fault', () => {
    expect(isRequestRefusal(400, fixture('error-400-unknown-field-in-schema.json'))).toBe(true)
    expect(isRequestRefusal(400, fixture('error-400-prefill-not-supported.json'))).toBe(true)
    expect(isRequestRefusal(400, fixture('error-400-claude-thinking-block-required.json'))).toBe(
      true,
    )
    expect(isRequestRefusal(413, '{"error":{"code":413,"message":"Request too large"}}')).toBe(true)
  })

  it('leaves limits, outages, tokens, verification and the account’s own project to the account', () => {
    expect(isRequestRefusal(429, fixture('error-429-rate-limit-exceeded.json'))).toBe(false)
    expect(isRequestRefusal(503, fixture('error-503-model-capacity-exhausted.json'))).toBe(false)
    expect(isRequestRefusal(401, fixture('error-401-unauthenticated.json'))).toBe(false)
    expect(isRequestRefusal(403, fixture('error-403-validation-required.json'))).toBe(false)
    expect(isRequestRefusal(400, fixture('error-400-invalid-project.json'))).toBe(false)
    expect(isRequestRefusal(500, '{"error":{"code":500,"message":"Internal error"}}')).toBe(false)
  })

  it('stops at the second account that refuses the request', () => {
    expect(refusedByEnoughAccounts(1)).toBe(false)
    expect(refusedByEnoughAccounts(2)).toBe(true)
  })
})
