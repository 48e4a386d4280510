import type { Session } from 'electron'

/**
 * The same policy as the renderer's meta tag, plus what a meta tag cannot say (frame-ancestors)
 * or what it would come too late for: a header applies before any byte of the page runs.
 */
export const APP_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')

/** Adds the policy header to the app's own pages only; other responses pass unchanged. */
export function installContentSecurityPolicy(
  session: Pick<Session, 'webRequest'>,
  isAppPage: (url: string) => boolean,
): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    if (details.resourceType !== 'mainFrame' || !isAppPage(details.url)) {
      callback({})
      return
    }
    const headers = { ...details.responseHeaders }
    for (const name of Object.keys(headers)) {
      if (name.toLowerCase() === 'content-security-policy') delete headers[name]
    }
    headers['Content-Security-Policy'] = [APP_CONTENT_SECURITY_POLICY]
    callback({ responseHeaders: headers })
  })
}
