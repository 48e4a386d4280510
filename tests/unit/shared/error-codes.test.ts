import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { errorCodes, httpStatusOf, isErrorCode } from '../../../src/shared/error-codes'

describe('the one table of error codes', () => {
  it('is what the README tells users, code by code: status and when', () => {
    const readme = readFileSync(path.join(__dirname, '../../../README.md'), 'utf8')
    const table = readme.slice(
      readme.indexOf('| code '),
      readme.indexOf('\n\n', readme.indexOf('| code ')),
    )
    const documented = [...table.matchAll(/^\| `(\w+)`\s*\| (\d+)\s*\| (.+?)\s*\|$/gm)].map(
      ([, code, status, when]) => [code, Number(status), when],
    )
    expect(documented).toEqual(
      Object.entries(errorCodes).map(([code, { status, when }]) => [code, status, when]),
    )
  })

  it('knows its codes and nothing else', () => {
    expect(isErrorCode('port_in_use')).toBe(true)
    expect(isErrorCode('toString')).toBe(false)
    expect(httpStatusOf('accounts_resting')).toBe(429)
  })
})
