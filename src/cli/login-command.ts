import type { Command } from 'commander'
import { startStandaloneOAuthLogin } from '../core'
import { chooseBackend } from './choose-backend'
import { createQuietLogger } from './cli-logger'
import type { CliContext } from './cli-context'
import { describeUpsert } from './format-accounts'
import { acceptPastedAnswers } from './pasted-sign-in'

export function registerLoginCommand(program: Command, context: CliContext): void {
  program
    .command('login')
    .description('add or re-authorize an account by signing in with Google in your browser')
    .option(
      '--no-browser',
      'only print the sign-in URL; then paste back the address your browser ends on (another device)',
    )
    .option('--google-base-url <url>', 'send every Google call to this host (tests, mirrors)')
    .action(async (options: { browser: boolean; googleBaseUrl?: string }) => {
      const flow = await startStandaloneOAuthLogin({
        env: context.env,
        googleBaseUrl: options.googleBaseUrl,
      })
      context.out(`Open this URL in your browser to sign in with Google:\n${flow.authUrl}`)
      if (options.browser) {
        try {
          const { default: open } = await import('open')
          await open(flow.authUrl)
        } catch {
          context.err('(Could not open a browser; open the URL above yourself.)')
        }
      }
      context.out(`Waiting for Google to send you back to ${flow.redirectUri} …`)
      if (!options.browser) acceptPastedAnswers(flow, context)
      const grant = await flow.result
      const backend = await chooseBackend(
        context.dataDir(),
        context.env,
        createQuietLogger(),
        'agtray login',
      )
      try {
        context.out(describeUpsert(await backend.add(grant.refresh_token)))
      } finally {
        await backend.close()
      }
    })
}
