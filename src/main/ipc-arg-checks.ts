import type { IpcCallChannel } from '../shared/ipc-contract'
import type { AuthModeSetting, SettingsPatchDto, ThemeSetting } from '../shared/settings-dto'

/** Why one argument is wrong, or null when it is fine. */
type ValueCheck = (value: unknown) => string | null
/** Why a call's arguments are wrong, or null when they match the contract. */
export type ArgsCheck = (args: readonly unknown[]) => string | null

/** Pasted account text, export files included, stays far below this. */
const MAX_TEXT_LENGTH = 10 * 1024 * 1024
const MAX_ID_LENGTH = 200
const MAX_REASON_LENGTH = 1000

const text =
  (max: number): ValueCheck =>
  (value) => {
    if (typeof value !== 'string') return 'must be text'
    return value.length > max ? `must be at most ${max} characters` : null
  }

const id: ValueCheck = (value) =>
  typeof value === 'string' && value.trim() !== '' && value.length <= MAX_ID_LENGTH
    ? null
    : 'must be a non-empty id'

const boolean: ValueCheck = (value) => (typeof value === 'boolean' ? null : 'must be true or false')

const nullable =
  (check: ValueCheck): ValueCheck =>
  (value) =>
    value === null ? null : check(value)

const oneOf =
  <T extends string>(allowed: readonly T[]): ValueCheck =>
  (value) =>
    allowed.includes(value as T) ? null : `must be one of ${allowed.join(', ')}`

const port: ValueCheck = (value) =>
  Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 65535
    ? null
    : 'must be a port number (0-65535)'

const themes: readonly ThemeSetting[] = ['light', 'dark', 'system']
const authModes: readonly AuthModeSetting[] = ['off', 'strict', 'all_except_health', 'auto']

const patchFields: { [K in keyof Required<SettingsPatchDto>]: ValueCheck } = {
  theme: oneOf(themes),
  start_at_login: boolean,
  start_proxy_at_launch: boolean,
  port,
  lan_access: boolean,
  auth_mode: oneOf(authModes),
}

const settingsPatch: ValueCheck = (value) => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'must be an object of settings'
  }
  for (const [key, field] of Object.entries(value)) {
    // A partial patch may spell "unchanged" as an undefined field.
    if (field === undefined) continue
    const check = Object.hasOwn(patchFields, key)
      ? patchFields[key as keyof SettingsPatchDto]
      : undefined
    if (!check) return `has an unknown setting "${key}"`
    const problem = check(field)
    if (problem) return `${key} ${problem}`
  }
  return null
}

const args =
  (...checks: [name: string, check: ValueCheck][]): ArgsCheck =>
  (values) => {
    if (values.length !== checks.length) {
      return `expects ${checks.length} argument(s), got ${values.length}`
    }
    for (const [index, [name, check]] of checks.entries()) {
      const problem = check(values[index])
      if (problem) return `${name} ${problem}`
    }
    return null
  }

/**
 * The renderer is trusted code, but a compromised or buggy page must not reach the core with
 * shapes the types promise never happen: every argument is checked against the contract here.
 */
export const ipcArgChecks: { [C in IpcCallChannel]: ArgsCheck } = {
  'accounts:list': args(),
  'accounts:add-from-text': args(['text', text(MAX_TEXT_LENGTH)]),
  'accounts:remove': args(['id', id]),
  'accounts:set-proxy-disabled': args(
    ['id', id],
    ['disabled', boolean],
    ['reason', nullable(text(MAX_REASON_LENGTH))],
  ),
  'accounts:start-oauth': args(['accountId', nullable(id)]),
  'accounts:cancel-oauth': args(['flowId', id]),
  'accounts:open-oauth-in-browser': args(['flowId', id]),
  'accounts:export': args(),
  'proxy:status': args(),
  'proxy:set-enabled': args(['enabled', boolean]),
  'proxy:reveal-api-key': args(),
  'proxy:regenerate-api-key': args(),
  'settings:get': args(),
  'settings:update': args(['patch', settingsPatch]),
}
