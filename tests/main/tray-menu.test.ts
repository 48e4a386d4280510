import type { MenuItemConstructorOptions } from 'electron'
import { describe, expect, it, vi } from 'vitest'
import type { TrayMenuActions } from '../../src/main/tray-menu'
import { buildTrayMenuTemplate } from '../../src/main/tray-menu'
import type { TrayState } from '../../src/main/tray-state'
import { trayIconName, trayTooltip } from '../../src/main/tray-state'
import { accountDto, disabledAccount, statusDto } from './fakes/fake-core'
import { click, itemLabelled, submenuOf } from './fakes/menu-items'

const actions = (): TrayMenuActions => ({
  setProxyEnabled: vi.fn(),
  reauthorize: vi.fn(),
  openLink: vi.fn(),
  copyApiBaseUrl: vi.fn(),
  openWindow: vi.fn(),
  setStartAtLogin: vi.fn(),
  quit: vi.fn(),
})

const proxyOn: TrayState = {
  status: statusDto(),
  accounts: [accountDto({ id: 'a' }), accountDto({ id: 'b' }), accountDto({ id: 'c' })],
  startAtLogin: false,
}
const proxyOff: TrayState = { ...proxyOn, status: statusDto({ enabled: false }) }
const someDisabled: TrayState = {
  status: statusDto({ counts: { in_pool: 3, disabled: 1, proxy_disabled: 1 } as never }),
  accounts: [
    ...proxyOn.accounts,
    disabledAccount('d', 'dead@example.com'),
    accountDto({ id: 'e', proxy_disabled: true, pool_status: 'proxy-disabled', in_pool: false }),
  ],
  startAtLogin: true,
}

const shape = (template: MenuItemConstructorOptions[]) =>
  template.map((item) => ({
    label: item.label ?? item.type,
    ...(item.type === 'checkbox' ? { checked: item.checked } : {}),
    ...(item.enabled === false ? { enabled: false } : {}),
  }))

describe('the tray menu template', () => {
  it('shows the proxy on, its port, the pool and no account to re-authorize', () => {
    const template = buildTrayMenuTemplate(proxyOn, actions())
    expect(shape(template)).toEqual([
      { label: 'Proxy on — port 8045', enabled: false },
      { label: 'Proxy enabled', checked: true },
      { label: '3 in pool', enabled: false },
      { label: 'Re-authorize' },
      { label: 'separator' },
      { label: 'Copy API base URL' },
      { label: 'Open agtray' },
      { label: 'Start at login', checked: false },
      { label: 'separator' },
      { label: 'Quit' },
    ])
    const submenu = submenuOf(itemLabelled(template, 'Re-authorize'))
    expect(submenu).toEqual([{ label: 'No disabled accounts', enabled: false }])
  })

  it('shows the proxy off with its checkbox unchecked', () => {
    const template = buildTrayMenuTemplate(proxyOff, actions())
    expect(template[0]).toMatchObject({ label: 'Proxy off', enabled: false })
    expect(itemLabelled(template, 'Proxy enabled')).toMatchObject({
      type: 'checkbox',
      checked: false,
    })
  })

  it('lists the disabled accounts under Re-authorize, by email, and counts every state', () => {
    const menuActions = actions()
    const template = buildTrayMenuTemplate(someDisabled, menuActions)
    expect(template[2]).toMatchObject({
      label: '3 in pool · 1 disabled · 1 proxy-disabled',
      enabled: false,
    })
    expect(itemLabelled(template, 'Start at login')).toMatchObject({ checked: true })
    const submenu = submenuOf(itemLabelled(template, 'Re-authorize'))
    expect(submenu.map((item) => item.label)).toEqual(['dead@example.com'])
    click(submenu[0])
    expect(menuActions.reauthorize).toHaveBeenCalledWith('d')
  })

  it('re-authorizes accounts found dead during this run, before their file says so', () => {
    const state: TrayState = {
      ...proxyOn,
      accounts: [accountDto({ id: 'x', email: 'x@example.com', pool_status: 'disabled' })],
    }
    const submenu = submenuOf(itemLabelled(buildTrayMenuTemplate(state, actions()), 'Re-authorize'))
    expect(submenu.map((item) => item.label)).toEqual(['x@example.com'])
  })

  it('binds every item to its action', () => {
    const menuActions = actions()
    const template = buildTrayMenuTemplate(proxyOn, menuActions)
    click(itemLabelled(template, 'Proxy enabled'))
    expect(menuActions.setProxyEnabled).toHaveBeenCalledWith(false)
    click(itemLabelled(template, 'Copy API base URL'))
    expect(menuActions.copyApiBaseUrl).toHaveBeenCalledWith('http://127.0.0.1:8045')
    click(itemLabelled(template, 'Open agtray'))
    expect(menuActions.openWindow).toHaveBeenCalled()
    click(itemLabelled(template, 'Start at login'))
    expect(menuActions.setStartAtLogin).toHaveBeenCalledWith(true)
    click(itemLabelled(template, 'Quit'))
    expect(menuActions.quit).toHaveBeenCalled()
    click(itemLabelled(buildTrayMenuTemplate(proxyOff, menuActions), 'Proxy enabled'))
    expect(menuActions.setProxyEnabled).toHaveBeenLastCalledWith(true)
  })
})

describe('accounts Google asks to verify', () => {
  const blocked: TrayState = {
    ...proxyOn,
    accounts: [
      ...proxyOn.accounts,
      accountDto({
        id: 'v',
        email: 'verify@example.com',
        validation_blocked: true,
        validation_blocked_reason: 'Verify your account to continue.',
        validation_url: 'https://accounts.google.com/signin/continue?sarp=1&plt=REDACTED',
        validation_blocked_at: 1,
        pool_status: 'cooldown',
        in_pool: false,
      }),
      accountDto({
        id: 'w',
        email: 'nolink@example.com',
        validation_blocked: true,
        validation_blocked_reason: 'Verify your account to continue.',
        pool_status: 'cooldown',
        in_pool: false,
      }),
    ],
  }

  it('lists them under Verify account; a click opens Google’s page, or the window without a link', () => {
    const menuActions = actions()
    const template = buildTrayMenuTemplate(blocked, menuActions)
    expect(shape(template).map((item) => item.label)).toContain('Verify account')
    const submenu = submenuOf(itemLabelled(template, 'Verify account'))
    expect(submenu.map((item) => item.label)).toEqual([
      'verify@example.com: open Google’s page',
      'nolink@example.com',
    ])
    click(submenu[0])
    expect(menuActions.openLink).toHaveBeenCalledWith(
      'https://accounts.google.com/signin/continue?sarp=1&plt=REDACTED',
    )
    click(submenu[1])
    expect(menuActions.openWindow).toHaveBeenCalled()
    expect(trayIconName(blocked)).toBe('tray-warning')
    expect(trayTooltip(blocked)).toBe('agtray — proxy on (port 8045) · 3 in pool · 2 to verify')
  })

  it('has no Verify account item while Google asks nothing', () => {
    expect(
      shape(buildTrayMenuTemplate(proxyOn, actions())).map((item) => item.label),
    ).not.toContain('Verify account')
  })
})

describe('the tray icon and tooltip', () => {
  it('is "on" while the proxy serves and no account is disabled', () => {
    expect(trayIconName(proxyOn)).toBe('tray-on')
    expect(trayTooltip(proxyOn)).toBe('agtray — proxy on (port 8045) · 3 in pool')
  })

  it('warns while some accounts are disabled', () => {
    expect(trayIconName(someDisabled)).toBe('tray-warning')
    expect(trayTooltip(someDisabled)).toBe(
      'agtray — proxy on (port 8045) · 3 in pool · 1 disabled · 1 proxy-disabled',
    )
  })

  it('is "off" when the proxy is off, whatever the accounts', () => {
    expect(trayIconName(proxyOff)).toBe('tray-off')
    expect(
      trayIconName({ ...someDisabled, status: { ...someDisabled.status, enabled: false } }),
    ).toBe('tray-off')
    expect(trayTooltip(proxyOff)).toBe('agtray — proxy off · 3 in pool')
  })
})
