/**
 * Shapes of the secrets agtray handles. Google access tokens start with `ya29.`, refresh tokens
 * with `1//`, authorization codes with `4/`, id tokens are JWTs, and our API keys start with
 * `sk-`. Anything after `Bearer ` is a credential whatever its shape.
 */
const secretPatterns: readonly RegExp[] = [
  /ya29\.[0-9A-Za-z_\-.]+/g,
  /1\/\/[0-9A-Za-z_\-.]+/g,
  /\b4\/[0-9A-Za-z_\-.]{10,}/g,
  /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g,
  /\bsk-[A-Za-z0-9_-]{16,}/g,
  /(Bearer\s+)[^\s"',;]+/gi,
  // The password of a URL with credentials (an outbound proxy's): the user stays readable.
  /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:@/"']*:)[^\s@/"']+(?=@)/gi,
]

/**
 * Text every pattern above needs, in one pass: almost no log line holds a secret, and one scan
 * that finds none is far cheaper than six replaces (every AI request writes a line).
 */
const mayHoldSecret = /ya29\.|1\/\/|\b4\/|\beyJ|\bsk-|bearer\s|:\/\/[^\s/@]*:[^\s/@]*@/i

export const REDACTED = '[redacted]'

export interface SecretRedactor {
  /** Remembers a secret whose shape no pattern knows (a user-chosen API key or admin token). */
  add(secret: string | undefined | null): void
  redact(text: string): string
  redactDeep<T>(value: T): T
}

/** Hides what looks like a token or key, for text agtray did not write (Google's error messages). */
export function redactSecretShapes(text: string): string {
  if (!mayHoldSecret.test(text)) return text
  let out = text
  for (const pattern of secretPatterns) {
    out = out.replace(pattern, (match, kept?: string) =>
      typeof kept === 'string' ? `${kept}${REDACTED}` : REDACTED,
    )
  }
  return out
}

export function createSecretRedactor(): SecretRedactor {
  const known = new Set<string>()
  const redact = (text: string): string => {
    let out = text
    for (const secret of known) {
      if (out.includes(secret)) out = out.split(secret).join(REDACTED)
    }
    return redactSecretShapes(out)
  }
  const redactDeep = <T>(value: T): T => {
    if (typeof value === 'string') return redact(value) as T
    if (Array.isArray(value)) return value.map(redactDeep) as T
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {}
      for (const [key, inner] of Object.entries(value)) out[key] = redactDeep(inner)
      return out as T
    }
    return value
  }
  return {
    add(secret) {
      // Very short values would redact ordinary words; real secrets are long.
      if (secret && secret.length >= 8) known.add(secret)
    },
    redact,
    redactDeep,
  }
}
