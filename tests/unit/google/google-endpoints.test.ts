import { describe, expect, it } from 'vitest'
import {
  antigravityOAuthClient,
  cloudCodeMethodUrl,
  googleEndpointsFor,
  productionGoogleEndpoints,
} from '../../../src/core/google/google-endpoints'

describe('Google endpoints', () => {
  it('default to Google itself and the Antigravity OAuth client', () => {
    expect(googleEndpointsFor(null)).toEqual({
      authUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
      tokenUrl: 'https://oauth2.googleapis.com/token',
      userinfoUrl: 'https://www.googleapis.com/oauth2/v2/userinfo',
      cloudCodeBaseUrl: 'https://daily-cloudcode-pa.sandbox.googleapis.com/v1internal',
    })
    expect(googleEndpointsFor(undefined)).toBe(productionGoogleEndpoints)
    expect(antigravityOAuthClient.clientId).toBe(
      '1071006060591-tmhssin2h21lcre235vtolojh4g403ep.apps.googleusercontent.com',
    )
    expect(antigravityOAuthClient.clientSecret).toMatch(/^GOCSPX-/)
  })

  it('send everything to one host when a base URL is given', () => {
    const endpoints = googleEndpointsFor('http://127.0.0.1:9999/')
    expect(endpoints).toEqual({
      authUrl: 'http://127.0.0.1:9999/o/oauth2/v2/auth',
      tokenUrl: 'http://127.0.0.1:9999/token',
      userinfoUrl: 'http://127.0.0.1:9999/oauth2/v2/userinfo',
      cloudCodeBaseUrl: 'http://127.0.0.1:9999/v1internal',
    })
    expect(cloudCodeMethodUrl(endpoints, 'loadCodeAssist')).toBe(
      'http://127.0.0.1:9999/v1internal:loadCodeAssist',
    )
  })
})
