import { describe, expect, it } from 'vitest'
import { cslDate, cslNames, pdfRecord } from './pdf-metadata'

describe('cslNames', () => {
  it('reads "Family, Given" and "Given Family" as one person', () => {
    expect(cslNames('Choi, Jangho')).toEqual([{ family: 'Choi', given: 'Jangho' }])
    expect(cslNames('Jangho Choi')).toEqual([{ family: 'Choi', given: 'Jangho' }])
  })

  it('splits several authors at ";", " and ", "&", or at commas between whole names', () => {
    expect(cslNames('Choi, Jangho; Kim, Minsu')).toEqual([
      { family: 'Choi', given: 'Jangho' },
      { family: 'Kim', given: 'Minsu' },
    ])
    expect(cslNames('Jangho Choi and Minsu Kim')).toEqual([
      { family: 'Choi', given: 'Jangho' },
      { family: 'Kim', given: 'Minsu' },
    ])
    expect(cslNames('Jangho Choi, Minsu Kim & Ana Lee')).toHaveLength(3)
  })

  it('keeps an institution or a single word as a literal name', () => {
    expect(cslNames('Korea Institute for International Economic Policy')).toEqual([
      { literal: 'Korea Institute for International Economic Policy' },
    ])
    expect(cslNames('KIEP')).toEqual([{ literal: 'KIEP' }])
  })
})

describe('cslDate', () => {
  it('reads PDF and ISO dates as date parts and refuses what is not a date', () => {
    expect(cslDate("D:20240614090000+09'00'")).toEqual({ 'date-parts': [[2024, 6, 14]] })
    expect(cslDate('D:2024')).toEqual({ 'date-parts': [[2024]] })
    expect(cslDate('2024-06-14T09:00:00Z')).toEqual({ 'date-parts': [[2024, 6, 14]] })
    expect(cslDate('D:20241399')).toBeUndefined()
    expect(cslDate('yesterday')).toBeUndefined()
  })
})

describe('pdfRecord', () => {
  it('fills a report record from the info dictionary', () => {
    expect(
      pdfRecord(
        {
          Title: ' A  brief ',
          Author: 'Choi, Jangho',
          CreationDate: 'D:20240614',
          Subject: 'Summits',
          Keywords: 'North Korea',
        },
        null,
      ),
    ).toEqual({
      type: 'report',
      title: 'A brief',
      author: [{ family: 'Choi', given: 'Jangho' }],
      issued: { 'date-parts': [[2024, 6, 14]] },
      abstract: 'Summits',
      keyword: 'North Korea',
    })
  })

  it('ignores a title that is a file name and falls back on XMP metadata', () => {
    const xmp = {
      get: (name: string) =>
        ({ 'dc:title': 'From XMP', 'dc:creator': ['Jangho Choi'] })[name] ?? null,
    }
    expect(pdfRecord({ Title: 'Microsoft Word - brief-final.docx' }, null).title).toBeUndefined()
    expect(pdfRecord({ Title: '' }, xmp)).toMatchObject({
      title: 'From XMP',
      author: [{ family: 'Choi' }],
    })
  })
})
