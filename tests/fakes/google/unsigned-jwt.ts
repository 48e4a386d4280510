import type { FakeUser } from './types'
import { numericUserId } from './random-ids'
import { splitName } from './user-profile'

const segment = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url')

/**
 * An id_token with Google's claims but no signature (`alg: none`, empty third segment): code
 * that decodes it gets real-looking claims, code that verifies it must not be fooled.
 */
export function createIdToken(user: FakeUser, clientId: string, nowMs: number): string {
  const iat = Math.floor(nowMs / 1000)
  const { given, family } = splitName(user.name)
  const payload = {
    iss: 'https://accounts.google.com',
    azp: clientId,
    aud: clientId,
    sub: numericUserId(user.email),
    email: user.email,
    email_verified: true,
    name: user.name,
    given_name: given,
    family_name: family,
    iat,
    exp: iat + 3600,
  }
  return `${segment({ alg: 'none', typ: 'JWT' })}.${segment(payload)}.`
}
