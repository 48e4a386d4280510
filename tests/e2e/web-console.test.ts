import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FakeGoogle } from '../fakes/google'
import { startFakeGoogle } from '../fakes/google'
import type { RunningChild } from '../helpers/cli'
import { builtCli, repoRoot, requireBuiltCli, startChild } from '../helpers/cli'
import { makeTempDir } from '../helpers/temp-dir'

const CHROMIUM = process.env.AGTRAY_CHROMIUM ?? '/usr/bin/chromium'
/** The README's screenshots are rewritten only on request (`npm run screenshots`). */
const screenshotsDir = (): string =>
  process.env.AGTRAY_SCREENSHOTS === '1'
    ? path.join(repoRoot, 'docs', 'screenshots')
    : path.join(temp.dir, 'screenshots')

let fake: FakeGoogle
let temp: ReturnType<typeof makeTempDir>
let serve: RunningChild
let browser: Browser

beforeAll(async () => {
  requireBuiltCli()
  if (!existsSync(path.join(repoRoot, 'out', 'renderer', 'index.html'))) {
    throw new Error('out/renderer is missing: run `npm run build` (npm test does)')
  }
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`)
  fake = await startFakeGoogle()
  temp = makeTempDir()
  serve = await startChild(builtCli, ['serve'], {
    AGTRAY_DATA_DIR: temp.dir,
    AGTRAY_PORT: '0',
    AGTRAY_GOOGLE_BASE_URL: fake.url,
    AGTRAY_OAUTH_CLIENT_ID: fake.clientId,
    AGTRAY_OAUTH_CLIENT_SECRET: fake.clientSecret,
  })
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  })
})

afterAll(async () => {
  await browser?.close()
  await serve?.stop()
  await fake?.close()
  temp?.cleanup()
})

const adminToken = (): string =>
  JSON.parse(readFileSync(path.join(temp.dir, 'settings.json'), 'utf8')).proxy.admin_token as string

const proxyRequest = () =>
  fetch(`${serve.url}/v1beta/models/gemini-2.5-flash:generateContent`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }] }),
  })

/**
 * Sends the next requests to one account while it can serve (fixed mode), or back to the normal
 * order (null): the same prompt would otherwise stay on whichever account served it first.
 */
const serveWith = async (accountId: string | null): Promise<void> => {
  const response = await fetch(`${serve.url}/api/settings`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${adminToken()}`, 'content-type': 'application/json' },
    body: JSON.stringify(
      accountId
        ? { scheduling_mode: 'fixed', fixed_account_id: accountId }
        : { scheduling_mode: 'balanced', fixed_account_id: null },
    ),
  })
  expect(response.status).toBe(200)
}

const accountIdOf = async (email: string): Promise<string> => {
  const response = await fetch(`${serve.url}/api/accounts`, {
    headers: { authorization: `Bearer ${adminToken()}` },
  })
  const list = (await response.json()) as { accounts: { id: string; email: string }[] }
  const account = list.accounts.find((item) => item.email === email)
  if (!account) throw new Error(`no account ${email}`)
  return account.id
}

async function logIn(page: Page): Promise<void> {
  await page.goto(serve.url)
  await page.getByLabel('Admin token').fill(adminToken())
  await page.getByRole('button', { name: 'Log in' }).click()
  await page.getByRole('button', { name: 'Add account' }).waitFor()
}

async function addByRefreshTokens(page: Page, tokens: string[]): Promise<void> {
  await page.getByRole('button', { name: 'Add account' }).click()
  const dialog = page.getByRole('dialog')
  await dialog.getByRole('tab', { name: 'Paste refresh tokens' }).click()
  await dialog.getByLabel("Refresh tokens or an export's JSON").fill(tokens.join('\n'))
  await dialog.getByRole('button', { name: 'Add accounts' }).click()
  await dialog.getByText(`${tokens.length} added`).waitFor()
  await page.keyboard.press('Escape')
}

describe('the web console (agtray serve, headless Chromium)', () => {
  it('shows a revoked account disabled live, re-authorizes it through Google, and switches the proxy', async () => {
    const ana = fake.addUser({ email: 'ana@example.com', name: 'Ana Lima' })
    const bob = fake.addUser({ email: 'bob@example.com', name: 'Bob Stone' })
    const cid = fake.addUser({ email: 'cid@example.com', name: 'Cid Moreau' })
    const context = await browser.newContext({
      colorScheme: 'light',
      viewport: { width: 1200, height: 820 },
    })
    const page = await context.newPage()
    await logIn(page)

    // Add two accounts by refresh token (and a third kept out of the proxy, for the screenshots).
    await addByRefreshTokens(page, [ana.refreshToken, bob.refreshToken, cid.refreshToken])
    const bobRow = page.getByRole('listitem', { name: 'bob@example.com' })
    const cidRow = page.getByRole('listitem', { name: 'cid@example.com' })
    await expect.poll(() => bobRow.getByText('In pool', { exact: true }).count()).toBe(1)
    await cidRow.getByRole('button', { name: 'Disable for proxy' }).click()
    const disableDialog = page.getByRole('dialog', {
      name: 'Disable cid@example.com for the proxy?',
    })
    await disableDialog.getByLabel('Reason (optional)').fill('Kept for the IDE')
    await disableDialog.getByRole('button', { name: 'Disable', exact: true }).click()
    await cidRow.getByText('Proxy disabled', { exact: true }).waitFor()

    // Google revokes Bob's refresh token (and, as Google does, the access tokens it minted).
    // Bob is asked first (fixed mode), fails, and the next account serves.
    await serveWith(await accountIdOf('bob@example.com'))
    fake.revokeRefreshToken(bob.refreshToken)
    fake.expireAccessTokens()
    for (let n = 0; n < 2; n++) expect((await proxyRequest()).status).toBe(200)

    // The badge appears without reloading the page, with the reason on hover.
    const badge = bobRow.getByText('Disabled', { exact: true })
    await badge.waitFor({ timeout: 5000 })
    expect(await badge.getAttribute('title')).toMatch(
      /invalid_grant: Token has been expired or revoked\./,
    )

    await bobRow.locator('details summary').click()
    await bobRow
      .locator('details')
      .getByText('invalid_grant: Token has been expired or revoked.')
      .waitFor()
    const screenshots = screenshotsDir()
    mkdirSync(screenshots, { recursive: true })
    await page.screenshot({ path: path.join(screenshots, 'accounts-light.png'), fullPage: true })
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.screenshot({ path: path.join(screenshots, 'accounts-dark.png'), fullPage: true })
    await page.emulateMedia({ colorScheme: 'light' })

    // Re-authorize Bob: Google's page opens in a new tab, the user approves.
    fake.mintRefreshToken('bob@example.com')
    fake.setConsentUser('bob@example.com')
    fake.setConsentMode('page')
    const [consent] = await Promise.all([
      context.waitForEvent('page'),
      bobRow.getByRole('button', { name: 'Re-authorize' }).click(),
    ])
    await consent.waitForLoadState()
    expect(await consent.locator('#email').textContent()).toBe('bob@example.com')
    await consent.locator('#approve').click()
    await consent.getByText('Account connected').waitFor()
    await consent.close()

    // The badge disappears by itself and the next requests use Bob again.
    await expect.poll(() => badge.count(), { timeout: 5000 }).toBe(0)
    await bobRow.getByText('In pool', { exact: true }).waitFor()
    const bobId = await accountIdOf('bob@example.com')
    const servedBy: string[] = []
    for (let n = 0; n < 2; n++) {
      const response = await proxyRequest()
      expect(response.status).toBe(200)
      servedBy.push(response.headers.get('x-agtray-account-id') ?? '')
    }
    expect(servedBy).toContain(bobId)
    await serveWith(null)

    // Turn the proxy off and on from the UI.
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: 'Proxy' })
      .click()
    const proxySwitch = page.getByRole('switch', { name: 'Proxy server' })
    expect(await proxySwitch.getAttribute('aria-checked')).toBe('true')
    await proxySwitch.click()
    await expect.poll(() => proxySwitch.getAttribute('aria-checked')).toBe('false')
    expect((await proxyRequest()).status).toBe(503)
    await proxySwitch.click()
    await expect.poll(() => proxySwitch.getAttribute('aria-checked')).toBe('true')
    expect((await proxyRequest()).status).toBe(200)

    // Nothing the page received holds a token or the API key.
    const html = await page.content()
    const apiKey = JSON.parse(readFileSync(path.join(temp.dir, 'settings.json'), 'utf8')).proxy
      .api_key as string
    for (const secret of [
      ana.refreshToken,
      bob.refreshToken,
      cid.refreshToken,
      apiKey,
      adminToken(),
    ]) {
      expect(html.includes(secret)).toBe(false)
    }
    await context.close()
  }, 120_000)

  it('shows an account Google asks to verify with its badge and a link that opens Google’s page', async () => {
    const dee = fake.addUser({ email: 'dee@example.com', name: 'Dee Park' })
    const context = await browser.newContext({ viewport: { width: 1200, height: 820 } })
    // No internet here: Google's verification page is answered by the test.
    await context.route('https://accounts.google.com/**', (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: '<p>Google verification</p>' }),
    )
    const page = await context.newPage()
    await logIn(page)
    await addByRefreshTokens(page, [dee.refreshToken])
    const deeRow = page.getByRole('listitem', { name: 'dee@example.com' })
    await deeRow.getByText('In pool', { exact: true }).waitFor()

    // Google wants Dee verified: asked first (fixed mode), she answers the 403, another serves.
    await serveWith(await accountIdOf('dee@example.com'))
    fake.requireValidation('dee@example.com')
    for (let n = 0; n < 3; n++) expect((await proxyRequest()).status).toBe(200)
    await serveWith(null)

    // The badge and the link appear without reloading the page.
    const badge = deeRow.getByText('Verification needed', { exact: true })
    await badge.waitFor({ timeout: 5000 })
    expect(await badge.getAttribute('title')).toContain('Verify your account to continue.')
    const link = deeRow.getByRole('link', { name: 'Verify with Google' })
    const href = await link.getAttribute('href')
    expect(href).toMatch(/^https:\/\/accounts\.google\.com\/signin\/continue\?sarp=1/)
    const [google] = await Promise.all([context.waitForEvent('page'), link.click()])
    await google.waitForLoadState()
    expect(google.url()).toBe(href)
    expect(await google.getByText('Google verification').count()).toBe(1)
    // The console itself stayed where it was.
    expect(page.url().startsWith(serve.url)).toBe(true)
    fake.requireValidation('dee@example.com', false)
    await context.close()
  }, 60_000)
})
