import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseAvailableModels } from '../../../src/core/google/available-models'

const fixture = JSON.parse(
  readFileSync(path.join(__dirname, '../../fixtures/fetchAvailableModels.response.json'), 'utf8'),
) as unknown

describe('parseAvailableModels on the captured answer', () => {
  const models = parseAvailableModels(fixture)

  it('keeps the served families with quotaInfo, drops internal models, sorted by name', () => {
    expect(models.map((model) => model.name)).toEqual([
      'claude-opus-4-6-thinking',
      'claude-sonnet-4-6-thinking',
      'gemini-2.5-pro',
      'gemini-3-flash',
      'gpt-oss-120b-medium',
    ])
  })

  it('turns the remaining fraction into a truncated percentage with its reset time', () => {
    const byName = Object.fromEntries(models.map((model) => [model.name, model]))
    expect(byName['gemini-2.5-pro']).toEqual({
      name: 'gemini-2.5-pro',
      percentage: 75,
      reset_time: '2026-02-20T05:00:00Z',
    })
    // 0.7829875 is 78 left, not a rounded 79.
    expect(byName['gemini-3-flash']?.percentage).toBe(78)
    expect(byName['gpt-oss-120b-medium']?.percentage).toBe(100)
    // Google leaves the fraction out once a model is used up.
    expect(byName['claude-opus-4-6-thinking']).toEqual({
      name: 'claude-opus-4-6-thinking',
      percentage: 0,
      reset_time: '2026-02-26T15:23:41Z',
    })
  })

  it('reads an answer without models or a resetTime', () => {
    expect(parseAvailableModels({})).toEqual([])
    expect(parseAvailableModels(null)).toEqual([])
    expect(
      parseAvailableModels({ models: { 'claude-x': { quotaInfo: { remainingFraction: 0.5 } } } }),
    ).toEqual([{ name: 'claude-x', percentage: 50, reset_time: '' }])
  })
})
