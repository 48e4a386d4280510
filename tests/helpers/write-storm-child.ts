/**
 * Child process for the crash test: hammers the account files with real writes through the core
 * (proxy toggles, which rewrite account files and the index) until it is killed.
 */
import { createCore } from '../../src/core'
import { createLogger } from '../../src/core/logging/logger'

const dataDir = process.argv[2] ?? ''
if (!dataDir) throw new Error('usage: write-storm-child <dataDir>')

async function main(): Promise<void> {
  const core = await createCore({
    dataDir,
    logger: createLogger({ level: 'error' }),
    role: 'write-storm',
  }).open()
  const ids = core.listAccounts().accounts.map((account) => account.id)
  let round = 0
  for (;;) {
    round++
    await Promise.all(
      ids.map((id, n) =>
        core.setAccountProxyDisabled(
          id,
          (round + n) % 2 === 0,
          `storm round ${round} ${'é'.repeat(n * 50)}`,
        ),
      ),
    )
    if (round === 2) process.stdout.write('storming\n')
  }
}

void main()
