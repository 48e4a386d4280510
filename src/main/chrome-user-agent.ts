/** Used when the Chromium version is unknown (plain Node, in the built-main smoke test). */
const FALLBACK_CHROME_MAJOR = '140'

const platformToken = (platform: NodeJS.Platform): string => {
  if (platform === 'darwin') return 'Macintosh; Intel Mac OS X 10_15_7'
  if (platform === 'win32') return 'Windows NT 10.0; Win64; x64'
  return 'X11; Linux x86_64'
}

/**
 * The user agent of a plain desktop Chrome of the same version, in Chrome's reduced form. Google's
 * sign-in refuses browsers whose user agent names Electron ("This browser or app may not be
 * secure"), so the OAuth window must not carry Electron's default one, nor our app's name.
 */
export function plainChromeUserAgent(
  platform: NodeJS.Platform,
  chromeVersion: string | undefined,
): string {
  const major = chromeVersion?.split('.')[0]?.trim() || FALLBACK_CHROME_MAJOR
  return `Mozilla/5.0 (${platformToken(platform)}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${major}.0.0.0 Safari/537.36`
}
