export interface PoolCountsDto {
  in_pool: number
  disabled: number
  proxy_disabled: number
  quota_protected: number
  cooldown: number
  unreadable: number
}

export interface RequestCountsDto {
  total: number
  succeeded: number
  failed: number
}

export interface ProxyStatusDto {
  enabled: boolean
  host: string
  port: number
  base_url: string
  pool_size: number
  counts: PoolCountsDto
  /** The auth mode in force: `auto` resolved for the current host. */
  auth_mode: 'off' | 'strict' | 'all_except_health'
  requests: RequestCountsDto
}
