import { promises as fs } from 'node:fs'
import type { Command } from 'commander'
import { exportAccountsFromFolder } from '../core'
import type { AccountsBackend } from './accounts-backend'
import { chooseBackend } from './choose-backend'
import { CliError } from './cli-error'
import { createQuietLogger } from './cli-logger'
import { describeUpsert, formatAccountTable } from './format-accounts'
import { formatQuotaTable } from './format-quota'
import type { CliContext } from './cli-context'

async function withBackend<T>(
  context: CliContext,
  command: string,
  run: (backend: AccountsBackend) => Promise<T>,
): Promise<T> {
  const backend = await chooseBackend(
    context.dataDir(),
    context.env,
    createQuietLogger(),
    `agtray accounts ${command}`,
  )
  try {
    return await run(backend)
  } finally {
    await backend.close()
  }
}

export function registerAccountCommands(program: Command, context: CliContext): void {
  const accounts = program
    .command('accounts')
    .description('list and change the accounts in the data folder')

  accounts
    .command('list')
    .description('show every account with its state')
    .option('--json', 'print JSON (the admin API’s account DTOs)')
    .action(async (options: { json?: boolean }) => {
      const list = await withBackend(context, 'list', (backend) => backend.list())
      context.out(options.json ? JSON.stringify(list, null, 2) : formatAccountTable(list))
    })

  accounts
    .command('quota')
    .description('show each account’s quota per model family, as last fetched from Google')
    .argument('[id]', 'only this account')
    .option('--refresh', 'fetch it from Google first')
    .option('--json', 'print JSON (the admin API’s account DTOs)')
    .action(async (id: string | undefined, options: { refresh?: boolean; json?: boolean }) => {
      const { shown, failures } = await withBackend(context, 'quota', async (backend) => {
        if (options.refresh && id) return { shown: [await backend.refreshQuota(id)], failures: [] }
        const report = options.refresh ? await backend.refreshAllQuotas() : null
        const all = (await backend.list()).accounts
        const shown = id ? all.filter((account) => account.id === id) : all
        if (id && shown.length === 0) throw new CliError(`No account with id ${id}`)
        const failures =
          report?.results.filter((r) => r.outcome !== 'refreshed' && r.outcome !== 'skipped') ?? []
        return { shown, failures }
      })
      context.out(options.json ? JSON.stringify(shown, null, 2) : formatQuotaTable(shown, failures))
    })

  accounts
    .command('add')
    .description('add or update an account from a Google refresh token (upsert by email)')
    .requiredOption('--refresh-token <token>', 'the refresh token, such as 1//0g…')
    .action(async (options: { refreshToken: string }) => {
      const result = await withBackend(context, 'add', (backend) =>
        backend.add(options.refreshToken),
      )
      context.out(describeUpsert(result))
    })

  accounts
    .command('remove')
    .description('delete an account and its file')
    .argument('<id>', 'the account id (see `agtray accounts list`)')
    .action(async (id: string) => {
      await withBackend(context, 'remove', (backend) => backend.remove(id))
      context.out(`Removed ${id}`)
    })

  accounts
    .command('proxy-disable')
    .description('keep an account out of the proxy (it stays usable otherwise)')
    .argument('<id>', 'the account id')
    .option('--reason <text>', 'why, shown in the app')
    .action(async (id: string, options: { reason?: string }) => {
      const account = await withBackend(context, 'proxy-disable', (backend) =>
        backend.setProxyDisabled(id, true, options.reason),
      )
      context.out(
        `${account.email} is disabled for the proxy: ${account.proxy_disabled_reason ?? ''}`,
      )
    })

  accounts
    .command('proxy-enable')
    .description('let an account serve the proxy again')
    .argument('<id>', 'the account id')
    .action(async (id: string) => {
      const account = await withBackend(context, 'proxy-enable', (backend) =>
        backend.setProxyDisabled(id, false),
      )
      const note = account.disabled ? ` (still disabled: ${account.disabled_reason ?? ''})` : ''
      context.out(`${account.email} is enabled for the proxy${note}`)
    })

  accounts
    .command('export')
    .description('print [{email, refresh_token}] for every account (keep it secret)')
    .option('--output <file>', 'write to this file (mode 0600) instead of stdout')
    .action(async (options: { output?: string }) => {
      const exported = JSON.stringify(await exportAccountsFromFolder(context.dataDir()), null, 2)
      if (!options.output) {
        context.out(exported)
        return
      }
      try {
        await fs.writeFile(options.output, `${exported}\n`, { mode: 0o600, flag: 'wx' })
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
          throw new CliError(`${options.output} already exists; choose another file name`)
        }
        throw error
      }
      context.out(`Wrote ${options.output}`)
    })

  accounts
    .command('import')
    .description('add every account of a JSON file: [{"email", "refresh_token"}]')
    .argument('<file>', 'the JSON file')
    .action(async (file: string) => {
      let input: unknown
      try {
        input = JSON.parse(await fs.readFile(file, 'utf8'))
      } catch (error) {
        throw new CliError(`Cannot read ${file}: ${(error as Error).message}`)
      }
      const report = await withBackend(context, 'import', (backend) =>
        backend.importAccounts(input),
      )
      context.out(
        `Imported ${report.total - report.failed.length} of ${report.total}: ${report.added} added, ${report.updated} updated`,
      )
      for (const failure of report.failed)
        context.err(`  ${failure.email ?? '(no email)'}: ${failure.error}`)
      if (report.failed.length > 0)
        throw new CliError(`${report.failed.length} account(s) could not be imported`)
    })
}
