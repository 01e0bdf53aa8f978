/**
 * When predictions fall due: a prediction's due date and outcome as the predictions tab reads
 * them, the order it lists them in (soonest due first, those without a date last) and which are
 * overdue (due before today with no outcome yet; "pending" is no outcome). No DOM here.
 */

/** A prediction as the predictions tab sorts and marks it. */
export interface PredictionDue {
  id: string
  /** The due date (YYYY-MM-DD), or null when none is set. */
  due: string | null
  /** The outcome, or null while there is none (unset or "pending"). */
  outcome: string | null
}

const isoDay = /^\d{4}-\d{2}-\d{2}$/

/** The due date and outcome recorded in a prediction's attributes. */
export function predictionDue(id: string, attributes: Record<string, unknown>): PredictionDue {
  const { due, outcome } = attributes
  return {
    id,
    due: typeof due === 'string' && isoDay.test(due) ? due : null,
    outcome: typeof outcome === 'string' && outcome !== 'pending' ? outcome : null,
  }
}

/** The calendar day of `date` in the reader's time zone, as YYYY-MM-DD. */
export function localDay(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
}

/** Whether a prediction is overdue on `today` (YYYY-MM-DD): due before it and not settled. */
export function isOverdue(prediction: PredictionDue, today: string): boolean {
  return prediction.due !== null && prediction.due < today && prediction.outcome === null
}

/** Sorts predictions by due date, those without one last; ties keep the order given. */
export function byDueDate<T extends PredictionDue>(predictions: readonly T[]): T[] {
  return predictions
    .map((prediction, index) => ({ prediction, index }))
    .sort((a, b) => {
      const [x, y] = [a.prediction.due, b.prediction.due]
      if (x !== y) {
        if (x === null) return 1
        if (y === null) return -1
        return x < y ? -1 : 1
      }
      return a.index - b.index
    })
    .map(({ prediction }) => prediction)
}

/** The tab's summary: "3 predictions · 1 overdue". */
export function predictionsSummary(count: number, overdue: number): string {
  const line = count === 1 ? '1 prediction' : `${count} predictions`
  return overdue === 0 ? line : `${line} · ${overdue} overdue`
}
