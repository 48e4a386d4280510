import path from 'node:path'
import type { Router } from 'express'
import express from 'express'

/** The same Content-Security-Policy as the desktop window: our own scripts and styles only. */
export const WEB_CONSOLE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'self'"

/**
 * `agtray serve` serves the desktop app's renderer as a web console: static files, and
 * index.html for the app's own paths. The page logs in with the admin token (see admin-session).
 */
export function createWebConsole(dir: string): Router {
  const router = express.Router()
  router.use((_req, res, next) => {
    res.setHeader('content-security-policy', WEB_CONSOLE_CSP)
    res.setHeader('x-frame-options', 'DENY')
    res.setHeader('referrer-policy', 'no-referrer')
    next()
  })
  router.use(express.static(dir, { index: 'index.html', fallthrough: true }))
  router.get(['/', '/accounts', '/proxy', '/settings'], (_req, res) => {
    res.sendFile(path.join(dir, 'index.html'))
  })
  return router
}
