import { describe, expect, it } from 'vitest'
import { mapWithLimit } from '../../../src/core/runtime/map-with-limit'

describe('mapWithLimit', () => {
  it('keeps the order of the results and never runs more than the limit at once', async () => {
    let running = 0
    let most = 0
    const results = await mapWithLimit(
      Array.from({ length: 100 }, (_, n) => n),
      8,
      async (n) => {
        running++
        most = Math.max(most, running)
        await new Promise((resolve) => setTimeout(resolve, n % 3))
        running--
        return n * 2
      },
    )
    expect(results).toEqual(Array.from({ length: 100 }, (_, n) => n * 2))
    expect(most).toBe(8)
  })

  it('handles an empty list and a failure', async () => {
    expect(await mapWithLimit([], 4, async () => 1)).toEqual([])
    await expect(
      mapWithLimit([1, 2, 3], 2, async (n) => {
        if (n === 2) throw new Error('two')
        return n
      }),
    ).rejects.toThrow('two')
  })
})
