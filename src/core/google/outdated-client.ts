import { AgtrayError } from '../agtray-error'
import type { ClientIdentity } from './client-identity'

/**
 * Google's answer to a client version it no longer serves, e.g. 400 FAILED_PRECONDITION "This
 * version of Antigravity is no longer supported. Please update…". Not the account's fault: every
 * account gets the same answer, so none may rest, be disabled or be marked for it.
 */
export function outdatedClientRefusal(status: number, bodyText: string): string | null {
  if (status !== 400 && status !== 403 && status !== 412 && status !== 426) return null
  let message = bodyText
  try {
    const body = JSON.parse(bodyText) as { error?: { message?: unknown } } | null
    if (typeof body?.error?.message === 'string') message = body.error.message
  } catch {
    // Not JSON: the text itself is all Google said.
  }
  const outdated =
    /version/i.test(message) &&
    /(no longer (supported|available)|please update|outdated|too old|upgrade)/i.test(message)
  return outdated ? message.slice(0, 300) : null
}

/** What the user reads: Google's words, the version agtray sent and where to set a newer one. */
export function outdatedClientMessage(identity: ClientIdentity, googleSaid: string): string {
  const version = identity.version()
  const where =
    identity.versionSource() === 'environment'
      ? 'It comes from the AGTRAY_CLIENT_VERSION environment variable: set a newer version there (it wins over the settings).'
      : 'Set a newer version in Settings → "Antigravity version", as "google.client_version" in settings.json, or with the AGTRAY_CLIENT_VERSION environment variable (which wins over the settings).'
  return `Google no longer accepts the Antigravity version agtray presents (${version}): "${googleSaid}" ${where} Your accounts were left as they are.`
}

export const outdatedClientError = (identity: ClientIdentity, googleSaid: string): AgtrayError =>
  new AgtrayError('client_outdated', outdatedClientMessage(identity, googleSaid))
