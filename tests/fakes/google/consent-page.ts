import type { AuthRequest } from './auth-request'

const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!,
  )

const layout = (body: string): string =>
  '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
  '<title>Sign in - Google Accounts</title></head>' +
  `<body style="font-family:system-ui;margin:4rem auto;max-width:32rem">${body}</body></html>`

/**
 * The consent screen: shows who signs in and posts the original parameters back (as hidden
 * fields) to /o/oauth2/v2/approve, which re-checks them, so the page cannot widen the grant.
 */
export function renderConsentPage(request: AuthRequest, email: string): string {
  const fields: Record<string, string> = {
    client_id: request.clientId,
    redirect_uri: request.redirectUri,
    response_type: 'code',
    scope: request.scope,
    state: request.state,
    login: email,
    ...(request.codeChallenge
      ? { code_challenge: request.codeChallenge, code_challenge_method: 'S256' }
      : {}),
  }
  const hidden = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`)
    .join('')
  return layout(
    '<h1>Sign in with Google</h1>' +
      `<p id="email">${escapeHtml(email)}</p>` +
      `<p>${escapeHtml(request.clientId)} wants to access your Google Account</p>` +
      `<form method="POST" action="/o/oauth2/v2/approve">${hidden}` +
      '<button id="deny" type="submit" name="decision" value="deny">Cancel</button> ' +
      '<button id="approve" type="submit" name="decision" value="allow">Allow</button>' +
      '</form>',
  )
}

/** Google shows errors of the auth endpoint as a page, never as a redirect to the client. */
export function renderAuthErrorPage(error: string, description: string): string {
  return layout(
    '<h1>Access blocked: authorisation error</h1>' +
      `<p id="error-code">Error 400: ${escapeHtml(error)}</p>` +
      `<p id="error-description">${escapeHtml(description)}</p>`,
  )
}
