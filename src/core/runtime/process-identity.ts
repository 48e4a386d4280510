import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'

/**
 * A process told apart from a later one that got the same pid: its start time (and command line)
 * as the system reports them. Null where the system will not say; then only the pid is known.
 */
export type ProcessIdentity = string | null

export type ProcessLiveness = 'alive' | 'dead' | 'pid-reused'

const isPidAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Linux: the start time in clock ticks since boot (field 22 of /proc/<pid>/stat) and the command. */
function linuxIdentity(pid: number): ProcessIdentity {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const startTicks = fields[19]
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] ?? ''
    return startTicks ? `${startTicks} ${command}` : null
  } catch {
    return null
  }
}

/** macOS and the BSDs: `ps` says when the process started and what it runs. */
function psIdentity(pid: number): ProcessIdentity {
  try {
    const out = execFileSync('ps', ['-o', 'lstart=', '-o', 'comm=', '-p', String(pid)], {
      encoding: 'utf8',
      timeout: 2000,
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim()
    return out === '' ? null : out.replace(/\s+/g, ' ')
  } catch {
    return null
  }
}

export function processIdentity(pid: number): ProcessIdentity {
  if (process.platform === 'linux') return linuxIdentity(pid)
  if (process.platform === 'win32') return null
  return psIdentity(pid)
}

/**
 * Whether the process that wrote `identity` still runs: a live pid whose identity differs is a
 * later, unrelated process that was given the same number.
 */
export function processLiveness(pid: number, identity: ProcessIdentity): ProcessLiveness {
  if (!Number.isInteger(pid) || pid <= 0 || !isPidAlive(pid)) return 'dead'
  if (identity === null) return 'alive'
  const now = processIdentity(pid)
  return now === null || now === identity ? 'alive' : 'pid-reused'
}
