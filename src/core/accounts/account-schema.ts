import { z } from 'zod'

/**
 * The reference app's account file (`accounts/<id>.json`), read leniently: optional keys may be
 * missing or `null`, and keys we do not know are kept (loose objects) so a rewrite never drops
 * what another version of the app stored.
 */
export const tokenSchema = z.looseObject({
  access_token: z.string(),
  refresh_token: z.string().min(1),
  expires_in: z.number().nullish(),
  expiry_timestamp: z.number().nullish(),
  token_type: z.string().nullish(),
  email: z.string().nullish(),
  project_id: z.string().nullish(),
  oauth_client_key: z.string().nullish(),
  id_token: z.string().nullish(),
})

export const modelQuotaSchema = z.looseObject({
  name: z.string(),
  percentage: z.number(),
  reset_time: z.string().nullish(),
})

export const quotaSchema = z.looseObject({
  models: z.array(modelQuotaSchema).nullish(),
  last_updated: z.number().nullish(),
  is_forbidden: z.boolean().nullish(),
  forbidden_reason: z.string().nullish(),
  subscription_tier: z.string().nullish(),
})

export const accountFileSchema = z.looseObject({
  id: z.string().min(1),
  email: z.string().min(1),
  name: z.string().nullish(),
  token: tokenSchema,
  quota: quotaSchema.nullish(),
  disabled: z.boolean().nullish(),
  disabled_reason: z.string().nullish(),
  disabled_at: z.number().nullish(),
  proxy_disabled: z.boolean().nullish(),
  proxy_disabled_reason: z.string().nullish(),
  proxy_disabled_at: z.number().nullish(),
  protected_models: z.array(z.string()).nullish(),
  // Google asked the user to verify the account (a 403 with a link); unix seconds.
  validation_blocked: z.boolean().nullish(),
  validation_blocked_reason: z.string().nullish(),
  validation_url: z.string().nullish(),
  validation_blocked_at: z.number().nullish(),
  validation_blocked_until: z.number().nullish(),
  created_at: z.number().nullish(),
  last_used: z.number().nullish(),
})

export type TokenData = z.infer<typeof tokenSchema>
export type AccountFile = z.infer<typeof accountFileSchema>
export type QuotaData = z.infer<typeof quotaSchema>

/** The tokens Google gave us for an account, as stored under `token`. */
export interface TokenGrant {
  access_token: string
  refresh_token: string
  expires_in: number
  id_token?: string | null
}

export type ParsedAccount = { ok: true; account: AccountFile } | { ok: false; error: string }

/** Parses a file's text; `expectedId` is the file's stem, which must match its `id`. */
export function parseAccountFile(text: string, expectedId: string): ParsedAccount {
  let json: unknown
  try {
    json = JSON.parse(stripBomAndNul(text))
  } catch (error) {
    return { ok: false, error: `not valid JSON (${(error as Error).message})` }
  }
  const parsed = accountFileSchema.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const where = issue?.path.length ? issue.path.join('.') : 'the file'
    return { ok: false, error: `not an account file: ${where}: ${issue?.message ?? 'invalid'}` }
  }
  if (parsed.data.id !== expectedId) {
    return { ok: false, error: `its id "${parsed.data.id}" does not match the file name` }
  }
  return { ok: true, account: parsed.data }
}

/** Editors on Windows add a BOM; crashes of other tools leave leading NUL bytes. */
// eslint-disable-next-line no-control-regex -- NUL bytes are exactly what this strips
export const stripBomAndNul = (text: string): string => text.replace(/^[\uFEFF\u0000]+/, '')

export const serializeJson = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`
