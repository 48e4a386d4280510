import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { knownCloudCodeModels } from '../../../src/core/models/model-catalog'
import { customAliasNames, routeModel } from '../../../src/core/models/model-routing'

const builtIn = [...knownCloudCodeModels]
/** What a real account's fetchAvailableModels lists (the captured catalog). */
const fetched = Object.keys(
  (
    JSON.parse(
      readFileSync(
        new URL('../../fixtures/fetchAvailableModels.response.json', import.meta.url),
        'utf8',
      ),
    ) as { models: Record<string, unknown> }
  ).models,
).filter((id) => !id.startsWith('chat_'))

describe('routeModel against the built-in model list', () => {
  it.each([
    // Names clients send by default today.
    ['claude-opus-5-5', 'claude-opus-4-6-thinking', 'family'],
    ['claude-sonnet-5-5', 'claude-sonnet-4-6', 'family'],
    ['claude-sonnet-5-5-thinking', 'claude-sonnet-4-6-thinking', 'family'],
    ['claude-haiku-5-5', 'claude-sonnet-4-6', 'family'],
    ['claude-fable-5-2', 'claude-opus-4-6-thinking', 'family'],
    ['gemini-3.1-pro-preview', 'gemini-3.1-pro-high', 'family'],
    ['gemini-3.5-pro', 'gemini-3.1-pro-high', 'family'],
    ['gemini-3-pro', 'gemini-3-pro-high', 'family'],
    ['gemini-3-pro-preview', 'gemini-3-pro-high', 'family'],
    ['gemini-3.5-flash', 'gemini-3-flash', 'family'],
    ['gemini-3-flash-preview', 'gemini-3-flash', 'family'],
    ['gemini-2.0-flash', 'gemini-3-flash', 'family'],
    ['gemini-3-pro-image', 'gemini-3.1-flash-image', 'family'],
    // Older names the reference mapped by hand.
    ['claude-sonnet-4-5', 'claude-sonnet-4-6', 'family'],
    ['claude-sonnet-4-5-thinking', 'claude-sonnet-4-6-thinking', 'family'],
    ['claude-3-5-sonnet-20241022', 'claude-sonnet-4-6', 'family'],
    ['claude-3-5-haiku-20241022', 'claude-sonnet-4-6', 'family'],
    ['claude-sonnet-4-5-20250929', 'claude-sonnet-4-6', 'family'],
    ['claude-opus-4-1-20250805', 'claude-opus-4-6-thinking', 'family'],
    ['claude-opus-4-1@20250805', 'claude-opus-4-6-thinking', 'family'],
    ['claude-haiku-4-5-20251001', 'claude-sonnet-4-6', 'family'],
    // Exact Cloud Code ids stay as they are.
    ['gemini-2.5-flash', 'gemini-2.5-flash', 'exact'],
    ['gemini-2.5-flash-lite', 'gemini-2.5-flash-lite', 'exact'],
    ['gemini-3-pro-low', 'gemini-3-pro-low', 'exact'],
    ['claude-sonnet-4-6-thinking', 'claude-sonnet-4-6-thinking', 'exact'],
    ['gpt-oss-120b-medium', 'gpt-oss-120b-medium', 'exact'],
    ['models/gemini-3-flash', 'gemini-3-flash', 'exact'],
    // Other vendors' names, and names of no family.
    ['gpt-4o', 'gemini-2.5-flash', 'alias'],
    ['gpt-4o-mini', 'gemini-2.5-flash', 'alias'],
    ['gpt-3.5-turbo-0125', 'gemini-2.5-flash', 'alias'],
    ['my-own-model', 'my-own-model', 'passthrough'],
  ])('%s → %s (%s)', (requested, model, source) => {
    expect(routeModel(requested, {}, builtIn)).toMatchObject({ model, source })
  })
})

describe('routeModel against an account’s fetched model list', () => {
  it('picks from what the account lists, not from the built-in list', () => {
    expect(fetched).toContain('gemini-2.5-pro')
    expect(fetched).not.toContain('gemini-3.1-pro-high')
    expect(routeModel('gemini-3.1-pro-preview', {}, fetched).model).toBe('gemini-2.5-pro')
    expect(routeModel('claude-sonnet-5-5', {}, fetched).model).toBe('claude-sonnet-4-6-thinking')
    expect(routeModel('claude-opus-5-5', {}, fetched).model).toBe('claude-opus-4-6-thinking')
    expect(routeModel('gemini-3.5-flash', {}, fetched).model).toBe('gemini-3-flash')
  })

  it('takes a newer model of a family as soon as an account lists it', () => {
    const later = [...fetched, 'claude-opus-5-1-thinking', 'gemini-3.5-pro-high']
    expect(routeModel('claude-opus-5-5', {}, later).model).toBe('claude-opus-5-1-thinking')
    expect(routeModel('claude-opus-4-6-thinking', {}, later).model).toBe('claude-opus-4-6-thinking')
    expect(routeModel('gemini-3.1-pro-preview', {}, later).model).toBe('gemini-3.5-pro-high')
  })

  it('passes a family name through when no account serves that family', () => {
    expect(routeModel('claude-opus-5-5', {}, ['gemini-2.5-flash'])).toMatchObject({
      model: 'claude-opus-5-5',
      source: 'passthrough',
    })
  })
})

describe('the user’s mapping', () => {
  const custom = {
    'gpt-4o': 'gemini-3-flash',
    'gpt-*': 'gemini-2.5-pro',
    'gpt-4*-mini': 'gemini-2.5-flash-lite',
    'claude-opus-*': 'claude-sonnet-4-6',
    '*': 'gemini-2.5-flash',
  }

  it('comes first: exact over patterns, then the most specific pattern', () => {
    expect(routeModel('gpt-4o', custom, builtIn)).toMatchObject({
      model: 'gemini-3-flash',
      source: 'custom',
    })
    expect(routeModel('gpt-4o-mini', custom, builtIn).model).toBe('gemini-2.5-flash-lite')
    expect(routeModel('gpt-5', custom, builtIn).model).toBe('gemini-2.5-pro')
    expect(routeModel('claude-opus-5-5', custom, builtIn).model).toBe('claude-sonnet-4-6')
    expect(routeModel('anything', custom, builtIn).model).toBe('gemini-2.5-flash')
  })

  it('treats regex characters in patterns literally', () => {
    expect(routeModel('gemini-2x5-flash', { 'gemini-2.5-*': 'x' }, builtIn).model).not.toBe('x')
    expect(routeModel('gemini-2.5-flash', { 'gemini-2.5-*': 'x' }, builtIn).model).toBe('x')
  })

  it('does not take inherited object keys for names', () => {
    expect(routeModel('constructor', {}, builtIn)).toMatchObject({ source: 'passthrough' })
    expect(routeModel('toString', { 'gpt-*': 'x' }, builtIn).model).toBe('toString')
  })

  it('lists exact aliases only', () => {
    expect(customAliasNames({ 'my-alias': 'gemini-3-flash', 'team-*': 'x' })).toEqual(['my-alias'])
  })
})
