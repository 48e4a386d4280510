import { describe, expect, it } from 'vitest'
import { isSideRequest } from '../../../../src/core/translate/anthropic/side-request'
import { jsonFixture, parseRequest } from './fixtures'

const fixture = (name: string) => parseRequest(jsonFixture(name))

describe('isSideRequest', () => {
  it.each([
    'claude-code-2.1.12.topic-classifier.messages.request.json',
    'claude-code-0.2.107.title.messages.request.json',
  ])('finds Claude Code’s background request in %s', (name) => {
    expect(isSideRequest(fixture(name))).toBe(true)
  })

  it.each([
    'claude-code-2.1.332.default-model.messages.request.json',
    'claude-code-2.0.first-turn-17-tools.messages.request.json',
    'anthropic-messages.factory-droid-sonnet.request.json',
  ])('leaves the main turn in %s alone', (name) => {
    expect(isSideRequest(fixture(name))).toBe(false)
  })

  it('leaves a main turn with a haiku model alone: it has tools', () => {
    const main = fixture('claude-code-2.1.332.default-model.messages.request.json')
    expect(isSideRequest({ ...main, model: 'claude-haiku-4-5-20251001' })).toBe(false)
  })

  it('takes any haiku name without tools, and no other model', () => {
    expect(isSideRequest({ model: 'claude-haiku-4-5', tools: null })).toBe(true)
    expect(isSideRequest({ model: 'Claude-3-Haiku-20240307' })).toBe(true)
    expect(isSideRequest({ model: 'claude-sonnet-4-6', tools: [] })).toBe(false)
    expect(isSideRequest({ model: 'claude-opus-5-5' })).toBe(false)
  })
})
