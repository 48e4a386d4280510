import { describe, expect, it } from 'vitest'
import { parseAccountFile } from '../../../src/core/accounts/account-schema'

const referenceFile = {
  id: 'f3b3c0a2-1111-4c3b-9c1d-000000000001',
  email: 'user@example.com',
  name: null,
  token: {
    access_token: 'ya29.a',
    refresh_token: '1//r',
    expires_in: 3599,
    expiry_timestamp: 1700003599,
    token_type: 'Bearer',
    email: 'user@example.com',
    project_id: 'example-project-12345',
    is_gcp_tos: false,
  },
  device_profile: { machine_id: 'x', mac_machine_id: 'y', dev_device_id: 'z', sqm_id: 'w' },
  quota: null,
  disabled: false,
  proxy_disabled: true,
  proxy_disabled_reason: null,
  validation_blocked: false,
  validation_blocked_until: 0,
  created_at: 1700000000,
  last_used: 1700000000,
}

describe('parseAccountFile', () => {
  it('reads a reference app file with nulls and keys we do not model, keeping them', () => {
    const parsed = parseAccountFile(JSON.stringify(referenceFile), referenceFile.id)
    expect(parsed.ok).toBe(true)
    if (!parsed.ok) return
    expect(parsed.account).toEqual(referenceFile)
  })

  it('refuses a file whose id is not its name', () => {
    const parsed = parseAccountFile(JSON.stringify(referenceFile), 'other-id')
    expect(parsed).toMatchObject({ ok: false, error: expect.stringContaining('does not match') })
  })

  it('refuses a file without a refresh token, naming the field', () => {
    const { token: _token, ...rest } = referenceFile
    const parsed = parseAccountFile(
      JSON.stringify({ ...rest, token: { access_token: 'a' } }),
      referenceFile.id,
    )
    expect(parsed).toMatchObject({
      ok: false,
      error: expect.stringContaining('token.refresh_token'),
    })
  })

  it('refuses text that is not JSON', () => {
    expect(parseAccountFile('{"id": ', 'x')).toMatchObject({
      ok: false,
      error: expect.stringContaining('not valid JSON'),
    })
  })
})
