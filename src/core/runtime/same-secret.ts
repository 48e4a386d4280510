import { timingSafeEqual } from 'node:crypto'

/** Compares a secret someone sent with the real one, in a time that does not tell how much matched. */
export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && expected.length > 0 && timingSafeEqual(a, b)
}
