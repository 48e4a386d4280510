import { describe, expect, it } from 'vitest'
import { aliasNames, routeModel } from '../../../src/core/proxy/model-routing'

describe('routeModel', () => {
  it('maps the reference aliases', () => {
    expect(routeModel('claude-sonnet-4-5', {})).toEqual({
      requested: 'claude-sonnet-4-5',
      model: 'claude-sonnet-4-6',
      source: 'built-in',
    })
    expect(routeModel('claude-sonnet-4-5-thinking', {}).model).toBe('claude-sonnet-4-6-thinking')
    expect(routeModel('claude-3-5-sonnet-20241022', {}).model).toBe('claude-sonnet-4-6')
    expect(routeModel('claude-opus-4-5-thinking', {}).model).toBe('claude-opus-4-6-thinking')
    expect(routeModel('claude-haiku-4-5-20251001', {}).model).toBe('claude-sonnet-4-6')
    expect(routeModel('gpt-4o-mini', {}).model).toBe('gemini-2.5-flash')
    expect(routeModel('gpt-3.5-turbo-0125', {}).model).toBe('gemini-2.5-flash')
    expect(routeModel('gemini-3-pro', {}).model).toBe('gemini-3-pro-preview')
  })

  it('maps dated Claude Code ids', () => {
    expect(routeModel('claude-sonnet-4-5-20250929', {}).model).toBe('claude-sonnet-4-6')
    expect(routeModel('claude-opus-4-1-20250805', {}).model).toBe('claude-opus-4-6-thinking')
  })

  it('lets unknown names through, and strips the models/ prefix', () => {
    expect(routeModel('gemini-2.5-flash', {})).toEqual({
      requested: 'gemini-2.5-flash',
      model: 'gemini-2.5-flash',
      source: 'passthrough',
    })
    expect(routeModel('models/gemini-3-flash', {}).model).toBe('gemini-3-flash')
    expect(routeModel('my-own-model', {}).source).toBe('passthrough')
  })

  it('prefers the user mapping, exact over patterns, then the most specific pattern', () => {
    const custom = {
      'gpt-4o': 'gemini-3-flash',
      'gpt-*': 'gemini-2.5-pro',
      'gpt-4*-mini': 'gemini-2.5-flash-lite',
      '*': 'gemini-2.5-flash',
    }
    expect(routeModel('gpt-4o', custom)).toMatchObject({
      model: 'gemini-3-flash',
      source: 'custom',
    })
    expect(routeModel('gpt-4o-mini', custom).model).toBe('gemini-2.5-flash-lite')
    expect(routeModel('gpt-5', custom).model).toBe('gemini-2.5-pro')
    expect(routeModel('anything', custom).model).toBe('gemini-2.5-flash')
  })

  it('treats regex characters in patterns literally', () => {
    expect(routeModel('gemini-2x5-flash', { 'gemini-2.5-*': 'x' }).source).toBe('passthrough')
    expect(routeModel('gemini-2.5-flash', { 'gemini-2.5-*': 'x' }).model).toBe('x')
  })
})

describe('aliasNames', () => {
  it('lists exact aliases only', () => {
    const names = aliasNames({ 'my-alias': 'gemini-3-flash', 'team-*': 'x' })
    expect(names).toContain('my-alias')
    expect(names).toContain('claude-sonnet-4-5')
    expect(names.some((name) => name.includes('*'))).toBe(false)
  })
})
