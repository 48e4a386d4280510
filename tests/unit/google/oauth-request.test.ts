import { describe, expect, it } from 'vitest'
import { GoogleAuthError } from '../../../src/core/google/google-auth-error'
import type { GoogleOAuth } from '../../../src/core/google/google-oauth'
import { createOAuthRequest, exchangeCallback } from '../../../src/core/google/oauth-request'

/** An OAuth client whose code exchange fails as given. */
const failingWith = (error: Error): GoogleOAuth => ({
  buildAuthUrl: () => 'https://accounts.example/auth',
  exchangeCode: () => Promise.reject(error),
  refresh: () => Promise.reject(error),
  userInfo: () => Promise.reject(error),
})

describe('exchangeCallback', () => {
  const exchange = (error: Error) => {
    const oauth = failingWith(error)
    const request = createOAuthRequest(oauth, 'http://127.0.0.1:1/cb')
    return exchangeCallback(oauth, request, { code: '4/abc', state: request.state })
  }

  it('says Google could not be reached when the network failed, not that it refused', async () => {
    await expect(
      exchange(new GoogleAuthError('transient', 'connect ECONNREFUSED', null, null)),
    ).rejects.toMatchObject({ code: 'google_unavailable' })
  })

  it('says Google refused when it did', async () => {
    await expect(
      exchange(new GoogleAuthError('rejected', 'invalid_grant', 400, 'invalid_grant')),
    ).rejects.toMatchObject({ code: 'google_refused' })
  })

  it('says the user left the consent page without access', async () => {
    const oauth = failingWith(new Error('unused'))
    const request = createOAuthRequest(oauth, 'http://127.0.0.1:1/cb')
    await expect(
      exchangeCallback(oauth, request, { error: 'access_denied', state: request.state }),
    ).rejects.toMatchObject({
      code: 'google_refused',
      message: expect.stringContaining('access_denied'),
    })
  })
})
