import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { resolveAnchors } from './anchoring'
import { annotationFromJSON, annotationToJSON } from './json'
import { brief, replicas, textOf } from './replicas.testkit'
import { createAnnotation } from './store'

function annotated() {
  const [replica] = replicas(brief('Exports fell by 86.3 percent in 2018.'), 1)
  const annotation = createAnnotation(replica!.annotations, replica!.fragment, {
    kind: 'statistic',
    span: { start: 16, end: 28 },
    creator: 'Ana',
    attributes: { value: 86.3, unit: 'percent' },
    now: '2024-10-01T09:00:00.000Z',
  })
  return { replica: replica!, annotation }
}

describe('the JSON wire form', () => {
  it('writes the relative positions as base64 and keeps every other field', () => {
    const { annotation } = annotated()
    const json = annotationToJSON(annotation)
    expect(json.anchor.start).toMatch(/^[A-Za-z0-9+/]+=*$/)
    expect(json.anchor.end).toMatch(/^[A-Za-z0-9+/]+=*$/)
    expect(json).toMatchObject({
      id: annotation.id,
      kind: 'statistic',
      attributes: { value: 86.3, unit: 'percent' },
      anchor: { exact: '86.3 percent', prefix: 'Exports fell by ', suffix: ' in 2018.' },
    })
    expect(JSON.parse(JSON.stringify(json))).toEqual(json)
  })

  it('reads back the same annotation, whose positions still resolve', () => {
    const { replica, annotation } = annotated()
    const back = annotationFromJSON(JSON.parse(JSON.stringify(annotationToJSON(annotation))))
    expect(back).toEqual(annotation)
    expect(Y.decodeRelativePosition(back.anchor.start)).toEqual(
      Y.decodeRelativePosition(annotation.anchor.start),
    )
    expect(resolveAnchors([back], replica.fragment).get(annotation.id)).toMatchObject({
      health: 'anchored',
      text: textOf(replica).slice(16, 28),
    })
  })

  it('reads an annotation written before modifiedBy existed as last changed by its creator', () => {
    const { annotation } = annotated()
    const { modifiedBy, ...older } = annotationToJSON(annotation)
    expect(modifiedBy).toBe('Ana')
    expect(annotationFromJSON(older)).toEqual(annotation)
  })

  it('refuses malformed JSON, naming the field', () => {
    const json = annotationToJSON(annotated().annotation)
    expect(() =>
      annotationFromJSON({ ...json, anchor: { ...json.anchor, start: 'not base64!' } }),
    ).toThrow(expect.objectContaining({ code: 'invalid-json', field: 'anchor.start' }))
    expect(() => annotationFromJSON({ ...json, kind: undefined })).toThrow(/kind/)
    expect(() => annotationFromJSON('nothing')).toThrow(
      expect.objectContaining({ code: 'invalid-json' }),
    )
  })
})
