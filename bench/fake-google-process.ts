/** The fake Google in its own process for the bench, so it does not share agtray's event loop. */
import type { BenchGoogleOptions } from './bench-google'
import { lastUpstreamCall, startBenchGoogle } from './bench-google'
import { serveParent } from './child-ipc'

async function main(): Promise<void> {
  const options = JSON.parse(process.env.BENCH_CHILD_CONFIG ?? '{}') as BenchGoogleOptions
  const google = await startBenchGoogle(options)
  const { fake } = google
  serveParent(
    {
      url: fake.url,
      clientId: fake.clientId,
      clientSecret: fake.clientSecret,
      users: google.users,
    },
    {
      // The call log keeps every request; emptied per cell so a long run stays small.
      stats: () => {
        const connectionsOpened = google.takeConnectionsOpened()
        fake.resetCalls()
        return { connectionsOpened }
      },
      'last-call': (endpoint) =>
        lastUpstreamCall(fake, endpoint as 'generateContent' | 'streamGenerateContent'),
    },
    () => google.close(),
  )
}

void main()
