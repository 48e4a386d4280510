import { fireEvent, render, screen, within } from '@testing-library/react'
import type { RenderResult } from '@testing-library/react'
import { App } from '../../../src/renderer/src/app'
import type { AppEnvironment } from '../../../src/renderer/src/environment'
import type { RendererApi } from '../../../src/shared/ipc-contract'

export function renderApp(
  api: RendererApi,
  environment: AppEnvironment = { kind: 'desktop' },
): RenderResult {
  return render(<App api={api} environment={environment} />)
}

/** The list of accounts once the first answer arrived. */
export const findAccountList = (): Promise<HTMLElement> =>
  screen.findByRole('list', { name: 'Accounts' })

export const findAccountRow = (email: string): Promise<HTMLElement> =>
  screen.findByRole('listitem', { name: email })

export function openPage(name: 'Accounts' | 'Proxy' | 'Settings'): void {
  const nav = screen.getByRole('navigation', { name: 'Main' })
  fireEvent.click(within(nav).getByRole('button', { name }))
}
