import type { AccountActivityDto, AccountDto, AccountListDto } from '../../shared/account-dto'
import type { PoolCountsDto } from '../../shared/proxy-status-dto'
import { toAccountDto } from '../accounts/account-dto-mapper'
import type { AccountFile } from '../accounts/account-schema'
import type { Clock } from '../runtime/clock'
import type { SkipDecision } from './pool-eligibility'
import type { PoolRoster } from './pool-roster'
import { countStatuses } from './pool-summary'

export interface Cooldown {
  until: number
  reason: string
}

/**
 * The account list (admin API, IPC, events) and the pool counts, built once per change instead of
 * once per call. Each account's DTO is kept while its file and standing stay the same; the only
 * time-dependent part, a cooldown, makes the list expire when the first cooldown ends.
 * Callers get the same objects until then and must not change them.
 */
export interface AccountListView {
  list(): AccountListDto
  counts(): PoolCountsDto
  /** One account's DTO; undefined when the pool does not hold it. */
  dto(id: string): AccountDto | undefined
  /** A cooldown started or was dropped: the next call rebuilds. */
  cooldownsChanged(): void
}

interface Built {
  list: AccountListDto
  counts: PoolCountsDto
  rosterVersion: number
  cooldownVersion: number
  extrasVersion: number
  validUntil: number
}

interface CachedDto {
  account: AccountFile
  skip: SkipDecision | undefined
  dto: AccountDto
}

export function createAccountListView(deps: {
  roster: PoolRoster
  /** The account's cooldown when it is still running at `now`. */
  cooldownOf(id: string, now: number): Cooldown | undefined
  clock: Clock
  /** What selection knows beyond the file: protected families, bound conversations. */
  protectedFamiliesOf?(id: string): string[]
  sessionBindingsOf?(id: string): number
  /** Requests, errors, last use and resting models since start; undefined when none. */
  activityOf?(id: string): AccountActivityDto | undefined
  /** Bumped when either of those changed for any account. */
  extrasVersion?(): number
}): AccountListView {
  const { roster, clock } = deps
  const bases = new Map<string, CachedDto>()
  let cooldownVersion = 0
  let built: Built | null = null

  /** The DTO without a cooldown: it changes only when the file or the skip decision does. */
  const baseDto = (account: AccountFile): AccountDto => {
    const skip = roster.skipOf(account.id)
    const cached = bases.get(account.id)
    if (cached && cached.account === account && cached.skip === skip) return cached.dto
    const runtimeReason =
      skip?.kind === 'disabled' && account.disabled !== true ? skip.reason : undefined
    const dto = toAccountDto(account, skip?.kind ?? 'in-pool', null, runtimeReason)
    bases.set(account.id, { account, skip, dto })
    return dto
  }

  const extras = new Map<string, { base: AccountDto; dto: AccountDto }>()
  /** The base with the runtime extras; the same object while neither changed. */
  const withExtras = (account: AccountFile, base: AccountDto): AccountDto => {
    const protectedModels = deps.protectedFamiliesOf?.(account.id) ?? []
    const bindings = deps.sessionBindingsOf?.(account.id) ?? 0
    const activity = deps.activityOf?.(account.id)
    if (protectedModels.length === 0 && bindings === 0 && !activity) return base
    const cached = extras.get(account.id)
    if (
      cached?.base === base &&
      cached.dto.session_bindings === bindings &&
      cached.dto.protected_models.join() === protectedModels.join() &&
      JSON.stringify(cached.dto.activity) === JSON.stringify(activity ?? base.activity)
    )
      return cached.dto
    const dto = {
      ...base,
      protected_models: protectedModels,
      session_bindings: bindings,
      activity: activity ?? base.activity,
    }
    extras.set(account.id, { base, dto })
    return dto
  }

  const dtoAt = (account: AccountFile, now: number): { dto: AccountDto; until: number | null } => {
    const base = baseDto(account)
    if (base.pool_status !== 'in-pool') return { dto: withExtras(account, base), until: null }
    const cooldown = deps.cooldownOf(account.id, now)
    if (!cooldown) return { dto: withExtras(account, base), until: null }
    return {
      dto: withExtras(account, toAccountDto(account, 'cooldown', cooldown.until)),
      until: cooldown.until,
    }
  }

  const build = (now: number): Built => {
    const accounts = roster.accounts()
    let validUntil = Number.POSITIVE_INFINITY
    const dtos = accounts.map((account) => {
      const { dto, until } = dtoAt(account, now)
      if (until !== null) validUntil = Math.min(validUntil, until)
      return dto
    })
    const counts = countStatuses(dtos.map((dto) => dto.pool_status))
    counts.unreadable = roster.unreadable().length
    // Removed accounts' DTOs go once they are a noticeable share of the cache.
    if (bases.size > accounts.length + 64) {
      for (const id of bases.keys()) if (!roster.get(id)) bases.delete(id)
    }
    if (extras.size > accounts.length + 64) {
      for (const id of extras.keys()) if (!roster.get(id)) extras.delete(id)
    }
    return {
      list: {
        accounts: dtos,
        unreadable: roster.unreadable().map(({ id, file, error }) => ({ id, file, error })),
      },
      counts,
      rosterVersion: roster.version,
      cooldownVersion,
      extrasVersion: deps.extrasVersion?.() ?? 0,
      validUntil,
    }
  }

  const current = (): Built => {
    const now = clock.now()
    if (
      !built ||
      built.rosterVersion !== roster.version ||
      built.cooldownVersion !== cooldownVersion ||
      built.extrasVersion !== (deps.extrasVersion?.() ?? 0) ||
      now >= built.validUntil
    ) {
      built = build(now)
    }
    return built
  }

  return {
    list: () => current().list,
    counts: () => current().counts,
    dto(id) {
      const account = roster.get(id)
      return account ? dtoAt(account, clock.now()).dto : undefined
    },
    cooldownsChanged() {
      cooldownVersion++
    },
  }
}

/** Whether two lists show the same thing; DTOs kept from one build to the next compare at once. */
export function sameAccountList(a: AccountListDto, b: AccountListDto): boolean {
  if (a === b) return true
  const same = <T>(x: readonly T[], y: readonly T[]): boolean =>
    x.length === y.length &&
    x.every((item, n) => item === y[n] || JSON.stringify(item) === JSON.stringify(y[n]))
  return same(a.accounts, b.accounts) && same(a.unreadable, b.unreadable)
}
