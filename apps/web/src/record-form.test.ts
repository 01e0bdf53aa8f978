import { describe, expect, it } from 'vitest'
import { dateLine, nameLine, parseDateLine, parseNameLine } from './record-form'

describe('the record form’s fields', () => {
  it('reads "Family, Given" as a person and anything else as a literal name', () => {
    expect(parseNameLine('Choi, Jangho')).toEqual({ family: 'Choi', given: 'Jangho' })
    expect(parseNameLine('  Korea Institute for International Economic Policy ')).toEqual({
      literal: 'Korea Institute for International Economic Policy',
    })
    expect(parseNameLine('Plato,')).toEqual({ family: 'Plato' })
    expect(parseNameLine('   ')).toBeNull()
  })

  it('writes a name back as the line it was read from', () => {
    for (const line of ['Choi, Jangho', 'KIEP', 'Plato']) {
      expect(nameLine(parseNameLine(line)!)).toBe(line)
    }
  })

  it('reads a year, a month or a day, and refuses what is not a date', () => {
    expect(parseDateLine('2024')).toEqual({ 'date-parts': [[2024]] })
    expect(parseDateLine('2024-7')).toEqual({ 'date-parts': [[2024, 7]] })
    expect(parseDateLine('2024-07-31')).toEqual({ 'date-parts': [[2024, 7, 31]] })
    expect(parseDateLine('')).toBeUndefined()
    expect(parseDateLine('July 2024')).toBeNull()
    expect(parseDateLine('2024-13')).toBeNull()
  })

  it('shows a stored date with two-digit months and days', () => {
    expect(dateLine({ issued: { 'date-parts': [[2024, 7, 3]] } })).toBe('2024-07-03')
    expect(dateLine({})).toBe('')
  })
})
