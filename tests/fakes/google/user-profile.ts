import type { FakeUser } from './types'
import { numericUserId } from './random-ids'

/** 'alice.smith@example.com' → 'Alice Smith'. */
export function nameFromEmail(email: string): string {
  const local = email.split('@')[0] ?? email
  const words = local.split(/[._+-]+/).filter(Boolean)
  if (words.length === 0) return email
  return words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join(' ')
}

/** 'Alice.Smith+work@example.com' → 'proj-alice-smith-work'. */
export function projectIdFromEmail(email: string): string {
  const local = email.split('@')[0] ?? email
  const slug = local
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
  return `proj-${slug || 'user'}`
}

export function splitName(name: string): { given: string; family: string } {
  const space = name.indexOf(' ')
  if (space < 0) return { given: name, family: '' }
  return { given: name.slice(0, space), family: name.slice(space + 1) }
}

/** The body of GET /oauth2/v2/userinfo. */
export function userInfoBody(user: FakeUser): Record<string, unknown> {
  const id = numericUserId(user.email)
  const { given, family } = splitName(user.name)
  return {
    id,
    email: user.email,
    verified_email: true,
    name: user.name,
    given_name: given,
    family_name: family,
    picture: `https://lh3.googleusercontent.com/a/fake-${id}=s96-c`,
  }
}
