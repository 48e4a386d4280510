import { describe, expect, it } from 'vitest'
import { formatAccountTable } from '../../../src/cli/format-accounts'
import { makeAccountDto } from '../../helpers/dto-fixtures'

describe('agtray accounts list', () => {
  it('says which model families quota protection keeps an account in the pool off', () => {
    const table = formatAccountTable({
      accounts: [
        makeAccountDto({ id: 'a', email: 'low@x.com', protected_models: ['claude'] }),
        makeAccountDto({ id: 'b', email: 'ok@x.com' }),
      ],
      unreadable: [],
    })
    expect(table.split('\n')).toEqual([
      'ID  TIER  EMAIL      STATUS   REASON',
      'a   -     low@x.com  in pool  not serving claude (quota under the threshold)',
      'b   -     ok@x.com   in pool',
    ])
  })
})
