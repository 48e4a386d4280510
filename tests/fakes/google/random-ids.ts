import { createHash, randomBytes } from 'node:crypto'

/** Prefixes follow Google's own (ya29. access tokens, 1// refresh tokens, 4/0 codes) so that
 * redaction and log checks written against real tokens also fire on fake ones. */
const random = (bytes: number): string => randomBytes(bytes).toString('base64url')

export const newAccessToken = (): string => `ya29.fake-${random(24)}`
export const newRefreshToken = (): string => `1//0fake-${random(24)}`
export const newAuthCode = (): string => `4/0fake-${random(24)}`
export const newTraceId = (): string => randomBytes(8).toString('hex')
export const newResponseId = (): string => random(18)

/** Google account ids are ~21 decimal digits; derived from the email so a user keeps one id. */
export function numericUserId(email: string): string {
  const digest = createHash('sha256').update(email.toLowerCase()).digest()
  const digits = [...digest.subarray(0, 20)].map((byte) => String(byte % 10)).join('')
  return `1${digits}`
}
