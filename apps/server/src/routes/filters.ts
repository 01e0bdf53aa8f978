/**
 * The filters of the annotation listing (`kind`, `creator`, `health`, `text`), read from the
 * query string and combined with AND; a filter given twice matches any of its values (kinds
 * and healths may also be comma-separated; creators may not, as names hold commas).
 */
import type { AnchorHealth } from '@warrant/annotations'
import type { Context } from 'hono'
import { ApiError } from '../errors'
import type { AnnotationView } from './view'

/** What a listing keeps; an absent filter keeps everything. */
export interface AnnotationFilters {
  kinds: string[] | null
  creators: string[] | null
  health: AnchorHealth[] | null
  /** Lowercased; matched against the stored quote, the current text and the note. */
  text: string | null
}

const healths: readonly AnchorHealth[] = ['anchored', 'drifted', 'orphaned']

/** The filters of a listing request; 400 naming the parameter when a health is not one of the three. */
export function readFilters(c: Context): AnnotationFilters {
  const health = values(c, 'health', true)
  for (const value of health ?? []) {
    if (!(healths as readonly string[]).includes(value)) {
      throw new ApiError(
        400,
        `"health" must be one of ${healths.join(', ')}, not "${value}"`,
        'health',
      )
    }
  }
  const text = c.req.query('text')
  return {
    kinds: values(c, 'kind', true),
    creators: values(c, 'creator', false),
    health: health as AnchorHealth[] | null,
    text: text ? text.toLowerCase() : null,
  }
}

/** Whether any filter is set. */
export function filtering(filters: AnnotationFilters): boolean {
  return Object.values(filters).some((value) => value !== null)
}

/** Whether an annotation passes every filter. */
export function passes(view: AnnotationView, filters: AnnotationFilters): boolean {
  if (filters.kinds && !filters.kinds.includes(view.kind)) return false
  if (filters.creators && !filters.creators.includes(view.creator)) return false
  if (filters.health && !filters.health.includes(view.health)) return false
  if (filters.text !== null) {
    const needle = filters.text
    return [view.quote, view.resolved.text, view.note].some((s) => s.toLowerCase().includes(needle))
  }
  return true
}

/** The values of a repeatable parameter, or null when it is absent or empty. */
function values(c: Context, name: string, commas: boolean): string[] | null {
  const given = c.req.queries(name) ?? []
  const split = commas ? given.flatMap((v) => v.split(',')).map((v) => v.trim()) : given
  const kept = split.filter((v) => v !== '')
  return kept.length > 0 ? kept : null
}
