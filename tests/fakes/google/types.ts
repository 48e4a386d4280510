/** The public face of the fake Google; other test code depends on these exact names. */

export interface FakeGoogleOptions {
  /** Defaults to 'fake-client-id.apps.googleusercontent.com'. */
  clientId?: string
  /** Defaults to 'fake-client-secret'. */
  clientSecret?: string
}

export type FakeEndpoint =
  | 'auth'
  | 'token'
  | 'userinfo'
  | 'loadCodeAssist'
  | 'generateContent'
  | 'streamGenerateContent'
  | 'countTokens'
  | 'fetchAvailableModels'
  | 'onboardUser'
  | 'getOperation'

export interface FakeCall {
  endpoint: FakeEndpoint
  /** 0 while the answer is still pending (e.g. a delayed /token refresh). */
  status: number
  /** Date.now() when the request arrived. */
  at: number
  grantType?: string
  refreshToken?: string
  email?: string
  model?: string
  /** Parsed form fields, JSON body, or the query of an auth request. */
  body?: unknown
  headers: Record<string, string | string[] | undefined>
}

/**
 * A user who is not onboarded to Antigravity yet: loadCodeAssist gives no project; onboardUser
 * starts an operation that is done after `pollsUntilDone` polls. 'ineligible': onboardUser is
 * refused (FAILED_PRECONDITION) and loadCodeAssist says why.
 */
export type OnboardingScript = { pollsUntilDone: number } | 'ineligible'

export interface FakeUser {
  email: string
  name: string
  projectId: string
}

export interface GenerateContext {
  user: FakeUser
  model: string
  /** The inner Gemini `request` object of the envelope. */
  request: any
  /** The whole v1internal body: {project, model, request, userAgent, requestType, requestId}. */
  envelope: any
  stream: boolean
}

export type GenerateReply =
  | { kind: 'error'; status: number; body: unknown; headers?: Record<string, string> }
  | {
      kind: 'chunks'
      /** Inner GenerateContentResponse objects; the fake wraps each as {response, traceId, metadata: {}}. */
      chunks: unknown[]
      /** Pause between streamed events. */
      delayMs?: number
      /** Streamed only: the connection is cut (socket destroyed) after this many events. */
      cutAfter?: number
    }
  /** A body sent as it is, whatever it holds (an HTML page from a broken front end…). */
  | { kind: 'raw'; status: number; body: string; headers?: Record<string, string> }

export type GenerateHandler = (ctx: GenerateContext) => GenerateReply | Promise<GenerateReply>

/** What is left of one model's quota for one account, as fetchAvailableModels reports it. */
export interface ModelQuotaState {
  /** 0..1. */
  remainingFraction: number
  /** RFC 3339. */
  resetTime: string
}

export type ConsentMode = 'auto' | 'page'

export interface RefreshFault {
  /** Only refreshes of this token fail; any token when omitted. */
  refreshToken?: string
  /** How many refreshes fail before the fault is used up; default 1. */
  times?: number
  /** Default 500. */
  status?: number
  /** Default: a Google-style OAuth error body for the status. A string is sent as-is. */
  body?: unknown
  /** Answer this much later (on top of setRefreshDelay). */
  delayMs?: number
}

export interface FakeGoogle {
  /** 'http://127.0.0.1:<port>', no trailing slash. */
  readonly url: string
  readonly clientId: string
  readonly clientSecret: string
  /** name defaults to one derived from the email, projectId to 'proj-<slug of the local part>'. */
  addUser(user: {
    email: string
    name?: string
    projectId?: string
    /** Not onboarded yet (default: onboarded, loadCodeAssist names its project). */
    onboarding?: OnboardingScript
  }): { refreshToken: string }
  /** Changes where a user stands with onboarding; null: onboarded (loadCodeAssist names its project). */
  setOnboarding(email: string, onboarding: OnboardingScript | null): void
  /**
   * Every Cloud Code call whose User-Agent is not Antigravity's at this version or newer gets
   * 400 FAILED_PRECONDITION "This version of Antigravity is no longer supported…"; null lifts it.
   */
  requireClientVersion(minimum: string | null): void
  /** Another valid refresh token for an existing user; earlier ones stay valid. */
  mintRefreshToken(email: string): string
  /** Afterwards /token answers invalid_grant for it. Access tokens already issued stay valid. */
  revokeRefreshToken(refreshToken: string): void
  /** Every access token issued so far becomes invalid (401 on v1internal and userinfo). */
  expireAccessTokens(): void
  /** Who the consent page signs in as; default the last added user. */
  setConsentUser(email: string): void
  /** 'auto' redirects at once; 'page' (default) shows an Allow / Cancel page. */
  setConsentMode(mode: ConsentMode): void
  /** Transient failure for the next `times` refresh_token grants (of that token, or any). */
  failRefresh(opts: RefreshFault): void
  /** Every /token answer waits this long. */
  setRefreshDelay(ms: number): void
  /** null restores the default "Hello from <model> as <email>" answer. */
  setGenerateHandler(handler: GenerateHandler | null): void
  /**
   * Google wants this user to verify the account: their generate calls answer the 403 of
   * tests/fixtures/error-403-validation-required.json (before any handler) until called with false.
   */
  requireValidation(email: string, required?: boolean): void
  /** Streams send their first event, then wait until the returned release() is called. */
  holdStreams(): () => void
  /** Streamed answers still being written (held, delayed or mid-send); 0 once all ended. */
  openStreams(): number
  /**
   * TCP connections the fake has accepted since it started (every endpoint; not reset by
   * resetCalls). A client that keeps connections alive opens a few; one that does not, one per call.
   */
  acceptedConnections(): number
  /**
   * The next request that arrives on a connection which already served one gets no answer: the
   * socket is destroyed, as by a server that closed an idle keep-alive connection just as the
   * request arrived. The request is not recorded in `calls`.
   */
  cutNextReusedConnection(): void
  /**
   * Gives the account a quota for one model (unlimited until set): fetchAvailableModels reports
   * it, each generate request for that model takes `costPerRequest` off it (default 0, kept
   * from an earlier set), and at 0 they are refused with 429 RESOURCE_EXHAUSTED.
   */
  setQuota(
    email: string,
    model: string,
    quota: { remainingFraction: number; resetTime?: string; costPerRequest?: number },
  ): void
  /** The model's quota of that account drops to 0 (its reset time kept, or five hours ahead). */
  exhaustQuota(email: string, model: string): void
  /** What is left; undefined when never set (unlimited). */
  quotaOf(email: string, model: string): ModelQuotaState | undefined
  /** fetchAvailableModels answers 403 PERMISSION_DENIED with this message; null restores it. */
  forbidQuotaCheck(email: string, message?: string | null): void
  /** fetchAvailableModels answers this status (e.g. 503) for the account; null restores it. */
  failQuotaCheck(email: string, status: number | null): void
  /** A snapshot of every recorded call, oldest first. */
  readonly calls: readonly FakeCall[]
  /** refresh_token grants received for this token, whatever the outcome (since resetCalls). */
  refreshCalls(refreshToken: string): number
  callsTo(endpoint: FakeEndpoint): FakeCall[]
  resetCalls(): void
  /** Whoever the token was issued to, even when it has expired since. */
  userForAccessToken(accessToken: string): FakeUser | undefined
  close(): Promise<void>
}
