export interface PoolCountsDto {
  in_pool: number
  disabled: number
  proxy_disabled: number
  quota_protected: number
  cooldown: number
  unreadable: number
}

export interface ProxyStatusDto {
  enabled: boolean
  host: string
  port: number
  base_url: string
  pool_size: number
  counts: PoolCountsDto
}
