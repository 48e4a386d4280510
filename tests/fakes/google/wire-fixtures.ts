import { readFile } from 'node:fs/promises'
import path from 'node:path'

/** Real captured answers the fake serves (with the user's project swapped in). */
export interface WireFixtures {
  loadCodeAssist: Record<string, unknown>
  fetchAvailableModels: Record<string, unknown>
  /** The 403 Google sends an account it wants the user to verify (error-403-validation-required). */
  validationRequired: Record<string, unknown>
}

const FIXTURES_DIR = path.join(__dirname, '../../fixtures')

const readJson = async (name: string): Promise<Record<string, unknown>> =>
  JSON.parse(await readFile(path.join(FIXTURES_DIR, name), 'utf8')) as Record<string, unknown>

export async function loadWireFixtures(): Promise<WireFixtures> {
  const [loadCodeAssist, fetchAvailableModels, validationRequired] = await Promise.all([
    readJson('loadCodeAssist.response.json'),
    readJson('fetchAvailableModels.response.json'),
    readJson('error-403-validation-required.json'),
  ])
  return { loadCodeAssist, fetchAvailableModels, validationRequired }
}
