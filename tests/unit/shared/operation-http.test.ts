import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { HttpBinding, OperationArg } from '../../../src/shared/operation-contract'
import { pathParamsOf } from '../../../src/shared/operation-contract'
import {
  httpAnswerFor,
  httpRequestFor,
  httpResultOf,
  operationHttp,
  readHttpArgs,
} from '../../../src/shared/operation-http'
import type { HttpOperationName } from '../../../src/shared/operations'
import { httpOperationNames, operations } from '../../../src/shared/operations'

/** One line per route: what a client of the admin API relies on. */
function describeRoute(name: HttpOperationName): string {
  const http = operationHttp(name)
  const args = operations[name].args as readonly OperationArg[]
  const inPath = pathParamsOf(http.path)
  const fields = args.map(([arg]) => arg).filter((arg) => !inPath.includes(arg))
  const body = http.body ? ` <${http.body}>` : fields.length ? ` {${fields.join(', ')}}` : ''
  const status = typeof http.status === 'function' ? 'by result' : String(http.status ?? 200)
  const answer = http.resultField ? ` -> {${http.resultField}}` : ''
  return `${name}: ${http.method} ${http.path}${body} ${status}${answer}`
}

describe('the admin API surface', () => {
  it('keeps every path, method, body field and status clients rely on', () => {
    // A change here is a change for every client of the admin API (README, CLI, web console).
    expect(httpOperationNames.map(describeRoute)).toMatchInlineSnapshot(`
      [
        "accounts:list: GET /api/accounts 200",
        "accounts:add-refresh-token: POST /api/accounts {refresh_token} by result",
        "accounts:add-from-text: POST /api/accounts/add-from-text {text} 200",
        "accounts:import: POST /api/accounts/import <input> 200",
        "accounts:remove: DELETE /api/accounts/:id 204",
        "accounts:set-proxy-disabled: POST /api/accounts/:id/proxy-disabled {proxy_disabled, reason} 200",
        "accounts:refresh-quota: POST /api/accounts/:id/quota/refresh 200",
        "accounts:refresh-all-quotas: POST /api/accounts/quota/refresh 200",
        "accounts:start-oauth: POST /api/oauth/start {account_id} 200",
        "accounts:cancel-oauth: POST /api/oauth/:flowId/cancel 200",
        "accounts:complete-oauth: POST /api/oauth/:flowId/complete {answer} 200",
        "accounts:oauth-url: GET /api/oauth/:flowId 200 -> {auth_url}",
        "proxy:status: GET /api/proxy 200",
        "proxy:set-enabled: POST /api/proxy {enabled} 200",
        "proxy:reveal-api-key: GET /api/proxy/api-key 200 -> {api_key}",
        "proxy:regenerate-api-key: POST /api/proxy/api-key/regenerate 200",
        "settings:get: GET /api/settings 200",
        "settings:update: PATCH /api/settings <patch> 200",
      ]
    `)
  })

  it('answers 201 for a new account and 200 for an updated one', () => {
    const result = { created: true } as never
    expect(httpAnswerFor('accounts:add-refresh-token', result).status).toBe(201)
    const updated = { created: false } as never
    expect(httpAnswerFor('accounts:add-refresh-token', updated).status).toBe(200)
  })

  it('has every route the README documents, with its body fields', () => {
    const readme = readFileSync(path.join(__dirname, '../../../README.md'), 'utf8')
    const section = readme.slice(readme.indexOf('## Admin API'))
    const rows = section.slice(0, section.indexOf('\n\n', section.indexOf('| route')))
    const documented = [...rows.matchAll(/^\| (`.+?\/api\/[^`]+`)(?: `\{(.*?)\}`)?/gm)]
    expect(documented.length).toBeGreaterThan(5)
    const routes = httpOperationNames.map((name) => ({ name, http: operationHttp(name) }))
    for (const [, route, body] of documented) {
      const pathMatch = /(\/api\/[^ `]+)/.exec(route!)
      const routePath = pathMatch![1]!
      if (routePath === '/api/events') continue
      for (const [method] of route!.matchAll(/GET|POST|PATCH|DELETE/g)) {
        const found = routes.find(({ http }) => http.method === method && http.path === routePath)
        expect(found, `${method} ${routePath}`).toBeDefined()
        const fields = [...(body ?? '').matchAll(/"(\w+)"/g)].map(([, field]) => field)
        const args = (operations[found!.name].args as readonly OperationArg[]).map(([a]) => a)
        if (method !== 'GET') for (const field of fields) expect(args).toContain(field)
      }
    }
  })
})

describe('requests from the contract', () => {
  it('puts path arguments in the path, encoded, and the others in a body object', () => {
    expect(httpRequestFor('accounts:remove', ['acc/1'])).toEqual({
      method: 'DELETE',
      path: '/api/accounts/acc%2F1',
    })
    expect(httpRequestFor('accounts:set-proxy-disabled', ['acc 1', true, 'quota'])).toEqual({
      method: 'POST',
      path: '/api/accounts/acc%201/proxy-disabled',
      body: { proxy_disabled: true, reason: 'quota' },
    })
  })

  it('sends no body when every argument is in the path or there is none', () => {
    expect(httpRequestFor('accounts:cancel-oauth', ['flow-1'])).toEqual({
      method: 'POST',
      path: '/api/oauth/flow-1/cancel',
    })
    expect(httpRequestFor('proxy:regenerate-api-key', [])).toEqual({
      method: 'POST',
      path: '/api/proxy/api-key/regenerate',
    })
  })

  it('sends a whole-body argument as the body itself', () => {
    expect(httpRequestFor('settings:update', [{ theme: 'dark' }])).toEqual({
      method: 'PATCH',
      path: '/api/settings',
      body: { theme: 'dark' },
    })
    const file = [{ email: 'a@example.com', refresh_token: '1//x' }]
    expect(httpRequestFor('accounts:import', [file]).body).toBe(file)
  })

  it('reads a result wrapped in its field', () => {
    expect(httpResultOf('proxy:reveal-api-key', { api_key: 'sk-1' })).toBe('sk-1')
    expect(httpResultOf('accounts:oauth-url', { auth_url: 'https://x' })).toBe('https://x')
    expect(httpResultOf('accounts:remove', null)).toBeNull()
  })
})

describe('the server reading a request', () => {
  it('reads an absent nullable body field as null, in argument order', () => {
    expect(
      readHttpArgs('accounts:set-proxy-disabled', { id: 'acc-1' }, { proxy_disabled: true }),
    ).toEqual({ ok: true, args: ['acc-1', true, null] })
    expect(readHttpArgs('accounts:start-oauth', {}, undefined)).toEqual({
      ok: true,
      args: [null],
    })
  })

  it('names the wrong field, path parameters included', () => {
    expect(readHttpArgs('accounts:remove', { id: '  ' }, undefined)).toEqual({
      ok: false,
      message: 'id: Invalid input: expected an id, not blanks',
    })
    expect(readHttpArgs('proxy:set-enabled', {}, { enabled: 'yes' })).toEqual({
      ok: false,
      message: 'enabled: Invalid input: expected boolean, received string',
    })
    expect(readHttpArgs('settings:update', {}, { port: 70000 })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^port: Too big/),
    })
    expect(readHttpArgs('settings:update', {}, { data_dir: '/tmp' })).toEqual({
      ok: false,
      message: 'body: Unrecognized key: "data_dir"',
    })
    expect(readHttpArgs('accounts:add-from-text', {}, ['text'])).toMatchObject({ ok: false })
  })

  it('answers a 204 without a body, and a wrapped result in its field', () => {
    expect(httpAnswerFor('accounts:remove', null)).toEqual({ status: 204 })
    expect(httpAnswerFor('accounts:cancel-oauth', null)).toEqual({ status: 200, body: null })
    expect(httpAnswerFor('proxy:reveal-api-key', 'sk-1')).toEqual({
      status: 200,
      body: { api_key: 'sk-1' },
    })
  })

  it('declares only paths under /api whose parameters are arguments', () => {
    for (const name of httpOperationNames) {
      const http: HttpBinding = operationHttp(name)
      const args = (operations[name].args as readonly OperationArg[]).map(([arg]) => arg)
      for (const param of pathParamsOf(http.path)) expect(args, name).toContain(param)
      if (http.body) expect(args, name).toContain(http.body)
    }
  })
})
