import { useEffect } from 'react'
import type { ThemeSetting } from '../../../shared/settings-dto'

const DARK_QUERY = '(prefers-color-scheme: dark)'

export const resolveTheme = (theme: ThemeSetting, systemDark: boolean): 'light' | 'dark' =>
  theme === 'system' ? (systemDark ? 'dark' : 'light') : theme

/** Sets `data-theme` on <html>; with "system" it follows the OS as it changes. */
export function useApplyTheme(theme: ThemeSetting): void {
  useEffect(() => {
    const root = document.documentElement
    const media = typeof window.matchMedia === 'function' ? window.matchMedia(DARK_QUERY) : null
    const apply = (): void => {
      root.dataset.theme = resolveTheme(theme, media?.matches ?? false)
    }
    apply()
    if (theme !== 'system' || !media) return
    media.addEventListener('change', apply)
    return () => media.removeEventListener('change', apply)
  }, [theme])
}
