const pad = (value: number): string => String(value).padStart(2, '0')

/**
 * Account files keep Unix seconds (the reference app's format) while cooldowns are in
 * milliseconds; a number below 1e11 cannot be a millisecond date after 1973, so it is seconds.
 */
export const epochMs = (timestamp: number): number =>
  timestamp < 1e11 ? timestamp * 1000 : timestamp

/** "14:05", local time: when a resting account comes back. */
export function formatClock(timestamp: number): string {
  const date = new Date(epochMs(timestamp))
  return `${pad(date.getHours())}:${pad(date.getMinutes())}`
}

/** "2025-01-31 14:05", local time: the same in every locale, so it reads the same in tooltips. */
export function formatDateTime(timestamp: number): string {
  const date = new Date(epochMs(timestamp))
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
  return `${day} ${formatClock(timestamp)}`
}
