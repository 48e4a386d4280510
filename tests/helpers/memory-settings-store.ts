import type { SettingsStore } from '../../src/core/settings/settings-schema'

/** A settings store in memory: what was written last is what is read. */
export function createMemorySettingsStore(initial: Record<string, unknown> = {}): SettingsStore & {
  written(): Record<string, unknown>
} {
  let value = initial
  return {
    path: '/memory/settings.json',
    read: () => value,
    write(next) {
      value = next
    },
    written: () => value,
  }
}
