import { describe, expect, it } from 'vitest'
import { gapsAgree, sameModuloBlockWhitespace, skeletonOf } from './whitespace'

describe('skeletonOf', () => {
  it('keeps the non-whitespace characters and where each sits', () => {
    const skeleton = skeletonOf(' ab \nc')
    expect(skeleton.chars).toBe('abc')
    expect([...skeleton.at]).toEqual([1, 2, 5])
  })
})

describe('gapsAgree', () => {
  it('lets any whitespace stand for any other (a split at a space turns it into a break)', () => {
    expect(gapsAgree(' ', '\n')).toBe(true)
    expect(gapsAgree(' ', ' \n')).toBe(true)
    expect(gapsAgree('  ', ' ')).toBe(true)
  })

  it('lets a block boundary appear or vanish between two characters (split or join)', () => {
    expect(gapsAgree('', '\n')).toBe(true)
    expect(gapsAgree('\n', '')).toBe(true)
  })

  it('never lets a space appear or vanish inside a paragraph', () => {
    expect(gapsAgree('', ' ')).toBe(false)
    expect(gapsAgree(' ', '')).toBe(false)
  })
})

describe('sameModuloBlockWhitespace', () => {
  it('equates a passage with the same passage split or joined at a block boundary', () => {
    expect(sameModuloBlockWhitespace('fell by 86.3', 'fell by\n86.3')).toBe(true)
    expect(sameModuloBlockWhitespace('fell by 86.3', 'fell by 8\n6.3')).toBe(true)
    expect(sameModuloBlockWhitespace('year.\nTrade', 'year.Trade')).toBe(true)
  })

  it('never equates lookalikes: one character or one space inside a paragraph differs', () => {
    expect(sameModuloBlockWhitespace('fell by 86.3', 'fell by 86.4')).toBe(false)
    expect(sameModuloBlockWhitespace('the rapist', 'therapist')).toBe(false)
    expect(sameModuloBlockWhitespace('fell by 86.3', 'fell by 86.3.')).toBe(false)
  })
})
