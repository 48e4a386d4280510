/**
 * An Antigravity version as agtray presents it to Google: `1.2.3`, optionally with a pre-release
 * or build suffix (`1.2.3-rc.1`). Shared so the settings page refuses what the core would.
 */
export const isClientVersion = (value: string): boolean =>
  /^\d{1,4}\.\d{1,4}\.\d{1,6}(?:[-+][0-9A-Za-z.-]{1,40})?$/.test(value)

export const clientVersionHint = 'a version such as 4.3.0 (digits and dots)'
