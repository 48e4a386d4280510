import type { AuthModeSetting } from '../../../shared/settings-dto'

export const authModeLabels: Record<AuthModeSetting, string> = {
  auto: 'Automatic: the key is required once LAN access is on',
  strict: 'Always require the key',
  all_except_health: 'Require the key, except for health checks',
  off: 'Off: no key needed',
}

export const authModeOrder: readonly AuthModeSetting[] = [
  'auto',
  'strict',
  'all_except_health',
  'off',
]
