import { promises as fs } from 'node:fs'
import path from 'node:path'

/**
 * The data folder holds refresh tokens, the API key and logs with account emails: only its owner
 * may read it. Folders made by other tools (or by an older agtray, or a copied backup) are often
 * 0755 / 0644, so the modes are tightened at every start, not only when agtray creates a file.
 */
const PRIVATE_DIR = 0o700
const PRIVATE_FILE = 0o600

/** Folders whose files are all private; other files at the top level are too. */
const PRIVATE_SUBDIRS = ['accounts', 'logs']

/** Temporary files a killed writer leaves: conf's (`settings.json.tmp-<16 chars>`) and the lock's. */
const TOP_LEVEL_TEMP = [/^settings\.json\.tmp-[0-9a-f]{16}$/, /^agtray\.lock\.[0-9a-f]{12}\.tmp$/]

async function tighten(file: string, mode: number, changed: string[]): Promise<void> {
  const stat = await fs.lstat(file).catch(() => null)
  // Links are left alone: following one could change a file outside the folder.
  if (!stat || stat.isSymbolicLink()) return
  if ((stat.mode & 0o777) === mode || (stat.mode & 0o077) === 0) return
  await fs.chmod(file, mode)
  changed.push(file)
}

/** Makes the data folder, its account and log folders and every file in them owner-only. */
export async function tightenDataDir(dataDir: string): Promise<string[]> {
  if (process.platform === 'win32') return []
  const changed: string[] = []
  await tighten(dataDir, PRIVATE_DIR, changed)
  const top = await fs.readdir(dataDir, { withFileTypes: true }).catch(() => [])
  for (const entry of top) {
    const full = path.join(dataDir, entry.name)
    if (entry.isFile()) await tighten(full, PRIVATE_FILE, changed)
    if (!entry.isDirectory() || !PRIVATE_SUBDIRS.includes(entry.name)) continue
    await tighten(full, PRIVATE_DIR, changed)
    const inner = await fs.readdir(full, { withFileTypes: true }).catch(() => [])
    for (const file of inner)
      if (file.isFile()) await tighten(path.join(full, file.name), PRIVATE_FILE, changed)
  }
  return changed
}

/** Removes what an interrupted settings or lock write left at the top of the data folder. */
export async function removeTopLevelTempFiles(dataDir: string): Promise<string[]> {
  const names = await fs.readdir(dataDir).catch(() => [] as string[])
  const removed: string[] = []
  for (const name of names.filter((entry) => TOP_LEVEL_TEMP.some((p) => p.test(entry)))) {
    await fs.rm(path.join(dataDir, name), { force: true })
    removed.push(path.join(dataDir, name))
  }
  return removed
}
