import { describe, expect, it } from 'vitest'
import { type Pin, pinFinder } from './pinned'

const lastMonth =
  'North Korea exported arms to Russia. Trade with China fell. Trade with China fell.'
const today = `Summary first. ${lastMonth}`

/** A pin of `exact` at its `nth` occurrence in last month's text, with 8 characters of context. */
function pin(exact: string, nth = 0): Pin {
  let start = -1
  for (let i = 0; i <= nth; i++) start = lastMonth.indexOf(exact, start + 1)
  const end = start + exact.length
  return {
    version: 'v-last-month',
    position: { start, end },
    quote: {
      exact,
      prefix: lastMonth.slice(Math.max(0, start - 8), start),
      suffix: lastMonth.slice(end, end + 8),
    },
  }
}

describe("finding a citation from an older export in today's text", () => {
  it('takes the pinned position as it is when the version is the same', () => {
    const find = pinFinder({ text: lastMonth, version: 'v-last-month' })
    // The quote occurs twice with the same context; the version pins the second one.
    expect(find(pin('Trade with China fell.', 1))).toEqual({
      status: 'unchanged',
      span: { start: 60, end: 82 },
    })
  })

  it('finds a passage that moved by its quote in context', () => {
    const find = pinFinder({ text: today, version: 'v-today' })
    expect(find(pin('exported arms to Russia'))).toEqual({
      status: 'moved',
      span: { start: 27, end: 50 },
    })
  })

  it('flags a passage whose words were changed', () => {
    const find = pinFinder({ text: today.replace('arms', 'shells'), version: 'v-today' })
    expect(find(pin('exported arms to Russia'))).toEqual({ status: 'changed', span: null })
  })

  it('refuses to guess between two places that read the same', () => {
    const find = pinFinder({ text: today, version: 'v-today' })
    const repeated = {
      ...pin('Trade with China fell.', 1),
      quote: { exact: 'Trade with China fell.', prefix: '', suffix: '' },
    }
    expect(find(repeated)).toEqual({ status: 'ambiguous', span: null })
  })

  it('counts an unchanged text under another version id as unchanged, not moved', () => {
    const find = pinFinder({ text: lastMonth, version: 'v-recomputed' })
    expect(find(pin('exported arms to Russia')).status).toBe('unchanged')
  })
})
