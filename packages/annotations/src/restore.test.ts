import { describe, expect, it } from 'vitest'
import { resolveAnchors } from './anchoring'
import { addComment, listComments } from './comments'
import { AnnotationError } from './error'
import { now, tradeSession } from './replicas.testkit'
import { type RestoreInit, restoreAnnotations, restoreComment, restoredAnnotation } from './restore'
import { getAnnotation, listAnnotations } from './store'

const earlier = '2024-09-01T09:00:00.000Z'
const edited = '2024-09-02T09:00:00.000Z'

/** A statistic recorded by Ana and edited by Ben, to be restored on `span` (or as an orphan). */
function statistic(span: RestoreInit['span'], exact = '86.3 percent'): RestoreInit {
  return {
    kind: 'statistic',
    span,
    quote: { exact, prefix: 'fell by ', suffix: ' year-on-year.' },
    position: { start: 30, end: 30 + exact.length },
    attributes: { value: 86.3, unit: 'percent' },
    note: 'KITA figure',
    creator: 'Ana',
    created: earlier,
    modified: edited,
    modifiedBy: 'Ben',
  }
}

describe('restoring records made elsewhere', () => {
  it('anchors a restored annotation on its span, keeping its authors and times', () => {
    const { annotations, fragment, spanOf } = tradeSession()
    const span = spanOf('86.3 percent')
    const restored = restoredAnnotation(fragment, statistic(span))
    restoreAnnotations(annotations, [restored])
    const stored = getAnnotation(annotations, restored.id)
    expect(stored).toMatchObject({
      kind: 'statistic',
      attributes: { value: 86.3, unit: 'percent' },
      note: 'KITA figure',
      creator: 'Ana',
      created: earlier,
      modified: edited,
      modifiedBy: 'Ben',
    })
    expect(resolveAnchors([stored!], fragment).get(restored.id)).toEqual({
      health: 'anchored',
      span,
      text: '86.3 percent',
    })
  })

  it('keeps an annotation it cannot place as an orphan with the quote it was made on', () => {
    const { annotations, fragment } = tradeSession()
    const restored = restoredAnnotation(fragment, statistic(null, '92.1 percent'))
    restoreAnnotations(annotations, [restored])
    const [stored] = listAnnotations(annotations)
    expect(stored?.anchor.exact).toBe('92.1 percent')
    expect(stored?.anchor.position).toEqual({ start: 30, end: 42 })
    expect(resolveAnchors([stored!], fragment).get(restored.id)?.health).toBe('orphaned')
  })

  it('refuses a kind the codebook does not know before anything is stored', () => {
    const { fragment } = tradeSession()
    const init = { ...statistic(null), kind: 'rumour' }
    expect(() => restoredAnnotation(fragment, init)).toThrow(AnnotationError)
  })

  it('restores a resolved reply with its edits and resolution as recorded', () => {
    const { annotations, fragment, spanOf } = tradeSession()
    const restored = restoredAnnotation(fragment, statistic(spanOf('86.3 percent')))
    restoreAnnotations(annotations, [restored])
    const question = addComment(annotations, {
      annotation: restored.id,
      text: 'Which year?',
      creator: 'Ben',
      now,
    })
    const reply = {
      id: 'c-reply',
      annotation: restored.id,
      parent: question.id,
      text: '2023 over 2022.',
      creator: 'Ana',
      created: earlier,
      modified: edited,
      modifiedBy: 'Ana',
      resolved: true,
      resolvedBy: 'Ben',
      resolvedAt: edited,
    }
    restoreComment(annotations, reply)
    expect(listComments(annotations, restored.id)).toContainEqual(reply)
  })

  it('refuses a reply whose parent is not on the same annotation', () => {
    const { annotations, fragment, spanOf } = tradeSession()
    const restored = restoredAnnotation(fragment, statistic(spanOf('86.3 percent')))
    restoreAnnotations(annotations, [restored])
    const orphanReply = {
      id: 'c-orphan',
      annotation: restored.id,
      parent: 'c-missing',
      text: 'Agreed.',
      creator: 'Ana',
      created: earlier,
      modified: earlier,
      modifiedBy: 'Ana',
      resolved: false,
      resolvedBy: null,
      resolvedAt: null,
    }
    expect(() => restoreComment(annotations, orphanReply)).toThrow(/no comment "c-missing"/)
  })
})
