import type { CoreOptions, StartedCore } from '../../src/core'
import { createCore } from '../../src/core'
import type { FakeGoogle } from '../fakes/google'
import type { MemoryLogger } from './memory-logger'
import { createMemoryLogger } from './memory-logger'

export interface TestServer {
  core: StartedCore
  url: string
  dataDir: string
  logger: MemoryLogger
  adminToken: string
  apiKey: string
  /** Calls the admin API with the admin token; returns status and parsed JSON (null when empty). */
  admin(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>
  /** A Gemini-native generateContent through the proxy. */
  generate(options?: {
    model?: string
    stream?: boolean
    headers?: Record<string, string>
  }): Promise<Response>
  stop(): Promise<void>
}

export const geminiBody = { contents: [{ role: 'user', parts: [{ text: 'Say hello' }] }] }

/** A real core listening on 127.0.0.1:0, its Google being the fake, its logs in memory. */
export async function startTestServer(options: {
  fake: FakeGoogle
  dataDir: string
  env?: NodeJS.ProcessEnv
  logger?: MemoryLogger
  core?: Partial<CoreOptions>
}): Promise<TestServer> {
  const logger = options.logger ?? createMemoryLogger()
  const core = await createCore({
    dataDir: options.dataDir,
    env: {
      AGTRAY_OAUTH_CLIENT_ID: options.fake.clientId,
      AGTRAY_OAUTH_CLIENT_SECRET: options.fake.clientSecret,
      ...options.env,
    },
    logger,
    proxyEnabledAtStart: true,
    ...options.core,
    // Loopback, any free port, Google = the fake; a test changes only what it needs (the host…).
    overrides: {
      host: '127.0.0.1',
      port: 0,
      googleBaseUrl: options.fake.url,
      ...options.core?.overrides,
    },
  }).start()
  const { url } = core
  const settings = core.settings()
  const admin = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${settings.adminToken}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await response.text()
    return { status: response.status, body: text ? JSON.parse(text) : null }
  }
  return {
    core,
    url,
    dataDir: options.dataDir,
    logger,
    adminToken: settings.adminToken,
    apiKey: settings.apiKey,
    admin,
    generate: ({ model = 'gemini-2.5-flash', stream = false, headers = {} } = {}) =>
      fetch(
        `${url}/v1beta/models/${model}:${stream ? 'streamGenerateContent?alt=sse' : 'generateContent'}`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify(geminiBody),
        },
      ),
    stop: () => core.stop(),
  }
}
