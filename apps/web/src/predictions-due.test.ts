/**
 * When predictions fall due: what a prediction's attributes say about its date and outcome,
 * the order of the predictions tab (soonest first, undated last) and which are overdue.
 */
import { describe, expect, it } from 'vitest'
import {
  byDueDate,
  isOverdue,
  localDay,
  predictionDue,
  predictionsSummary,
} from './predictions-due'

describe('predictionDue', () => {
  it('reads the due date and outcome, treating "pending" as no outcome yet', () => {
    expect(predictionDue('p', { due: '2024-05-19', outcome: 'correct' })).toEqual({
      id: 'p',
      due: '2024-05-19',
      outcome: 'correct',
    })
    expect(predictionDue('p', { outcome: 'pending' })).toEqual({
      id: 'p',
      due: null,
      outcome: null,
    })
  })

  it('ignores a due value that is not a calendar date', () => {
    expect(predictionDue('p', { due: 'next May' }).due).toBeNull()
    expect(predictionDue('p', { due: 20240519 }).due).toBeNull()
  })
})

describe('isOverdue', () => {
  const today = '2024-06-01'

  it('marks an overdue prediction: due before today without an outcome', () => {
    expect(isOverdue({ id: 'p', due: '2024-05-19', outcome: null }, today)).toBe(true)
  })

  it('does not mark one due today or later, one without a date, or one with an outcome', () => {
    expect(isOverdue({ id: 'p', due: today, outcome: null }, today)).toBe(false)
    expect(isOverdue({ id: 'p', due: '2025-01-01', outcome: null }, today)).toBe(false)
    expect(isOverdue({ id: 'p', due: null, outcome: null }, today)).toBe(false)
    expect(isOverdue({ id: 'p', due: '2024-05-19', outcome: 'incorrect' }, today)).toBe(false)
  })
})

describe('byDueDate', () => {
  it('lists the soonest due first and those without a date last, ties in the order given', () => {
    const sorted = byDueDate([
      { id: 'none-1', due: null, outcome: null },
      { id: 'late', due: '2025-03-01', outcome: null },
      { id: 'early', due: '2024-05-19', outcome: 'correct' },
      { id: 'none-2', due: null, outcome: null },
      { id: 'late-too', due: '2025-03-01', outcome: null },
    ])
    expect(sorted.map((p) => p.id)).toEqual(['early', 'late', 'late-too', 'none-1', 'none-2'])
  })
})

describe('localDay', () => {
  it('gives the calendar day in the local time zone', () => {
    expect(localDay(new Date(2024, 4, 9, 23, 30))).toBe('2024-05-09')
  })
})

describe('predictionsSummary', () => {
  it('counts the predictions and the overdue ones', () => {
    expect(predictionsSummary(1, 0)).toBe('1 prediction')
    expect(predictionsSummary(3, 1)).toBe('3 predictions · 1 overdue')
  })
})
