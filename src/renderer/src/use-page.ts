import { useEffect, useState } from 'react'

export type PageId = 'accounts' | 'proxy' | 'settings'

export const pages: readonly { id: PageId; label: string }[] = [
  { id: 'accounts', label: 'Accounts' },
  { id: 'proxy', label: 'Proxy' },
  { id: 'settings', label: 'Settings' },
]

const pageOfPath = (path: string): PageId =>
  pages.find((page) => path === `/${page.id}`)?.id ?? 'accounts'

/**
 * The page on screen. The web console serves /accounts, /proxy and /settings, so there the page
 * follows the address (links, reloads, Back); the desktop window loads a file and keeps it in state.
 */
export function usePage(followAddress: boolean): [PageId, (page: PageId) => void] {
  const [page, setPage] = useState<PageId>(() =>
    followAddress ? pageOfPath(window.location.pathname) : 'accounts',
  )

  useEffect(() => {
    if (!followAddress) return
    const onPop = (): void => setPage(pageOfPath(window.location.pathname))
    window.addEventListener('popstate', onPop)
    return () => window.removeEventListener('popstate', onPop)
  }, [followAddress])

  const go = (next: PageId): void => {
    if (followAddress && window.location.pathname !== `/${next}`) {
      window.history.pushState(null, '', `/${next}`)
    }
    setPage(next)
  }
  return [page, go]
}
