/** Runs the fake Google in its own process for the benchmark and reports its address over IPC. */
import { startFakeGoogle } from '../tests/fakes/google'

async function main(): Promise<void> {
  const fake = await startFakeGoogle()
  const users = Array.from({ length: 4 }, (_, n) => {
    const email = `bench${n}@example.com`
    return { email, ...fake.addUser({ email, projectId: `proj-${n}` }) }
  })
  process.send?.({ url: fake.url, clientId: fake.clientId, clientSecret: fake.clientSecret, users })
}

void main()
