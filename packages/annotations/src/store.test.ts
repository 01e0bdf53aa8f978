import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { resolveAnchors } from './anchoring'
import { AnnotationError } from './error'
import { ANNOTATIONS } from './layout'
import { now, replicas, syncAll, textOf, tradeBrief, tradeSession } from './replicas.testkit'
import { createAnnotation, getAnnotation, listAnnotations, updateAnnotation } from './store'

const setup = tradeSession

describe('createAnnotation', () => {
  it('stores an annotation with its quote, context and position at creation', () => {
    const { annotations, fragment, spanOf } = setup()
    const span = spanOf('exports fell by 86.3 percent')
    const created = createAnnotation(annotations, fragment, {
      kind: 'statistic',
      span,
      creator: 'Ana',
      attributes: { value: 86.3, unit: 'percent' },
      now,
    })
    expect(created).toMatchObject({
      kind: 'statistic',
      creator: 'Ana',
      note: '',
      created: now,
      modified: now,
      attributes: { value: 86.3, unit: 'percent' },
      anchor: {
        exact: 'exports fell by 86.3 percent',
        prefix: "Trade\nNorth Korea's ",
        suffix: ' year-on-year.\nTrade with China ',
        position: span,
      },
    })
    expect(created.id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    )
    expect(created.anchor.start).toBeInstanceOf(Uint8Array)
    expect(getAnnotation(annotations, created.id)).toEqual(created)
  })

  it('keeps each annotation as a nested Y.Map with its relative positions as bytes', () => {
    const { annotations, fragment, spanOf } = setup()
    const { id } = createAnnotation(annotations, fragment, {
      kind: 'claim',
      span: spanOf('Trade with China recovered'),
      creator: 'Ana',
    })
    const record = annotations.getMap(ANNOTATIONS).get(id)
    expect(record).toBeInstanceOf(Y.Map)
    const anchor = (record as Y.Map<unknown>).get('anchor') as { start: unknown }
    expect(anchor.start).toBeInstanceOf(Uint8Array)
  })

  it('anchors the span it was given', () => {
    const { annotations, fragment, spanOf } = setup()
    const span = spanOf('recovered in 2023')
    const a = createAnnotation(annotations, fragment, { kind: 'claim', span, creator: 'Ana' })
    expect(resolveAnchors([a], fragment).get(a.id)).toEqual({
      health: 'anchored',
      span,
      text: 'recovered in 2023',
    })
  })

  it('anchors a span across paragraphs and one ending at the end of the text', () => {
    const { annotations, fragment, text, spanOf } = setup()
    const across = { start: spanOf('year-on-year').start, end: spanOf('with China').end }
    const last = { start: spanOf('2023.').start, end: text.length }
    const a = createAnnotation(annotations, fragment, { kind: 'claim', span: across, creator: 'A' })
    const b = createAnnotation(annotations, fragment, { kind: 'claim', span: last, creator: 'A' })
    const resolved = resolveAnchors([a, b], fragment)
    expect(resolved.get(a.id)).toEqual({
      health: 'anchored',
      span: across,
      text: 'year-on-year.\nTrade with China',
    })
    expect(resolved.get(b.id)).toEqual({ health: 'anchored', span: last, text: '2023.' })
  })

  it('refuses an empty span', () => {
    const { annotations, fragment } = setup()
    expect(() =>
      createAnnotation(annotations, fragment, {
        kind: 'claim',
        span: { start: 4, end: 4 },
        creator: 'A',
      }),
    ).toThrow(expect.objectContaining({ code: 'empty-span' }))
  })

  it('refuses a span outside the text, or reversed', () => {
    const { annotations, fragment, text } = setup()
    for (const span of [
      { start: 0, end: text.length + 1 },
      { start: -1, end: 3 },
      { start: 5, end: 2 },
    ]) {
      expect(() =>
        createAnnotation(annotations, fragment, { kind: 'claim', span, creator: 'A' }),
      ).toThrow(expect.objectContaining({ code: 'span-out-of-range' }))
    }
    expect(listAnnotations(annotations)).toEqual([])
  })

  it('refuses a kind that is not in the codebook', () => {
    const { annotations, fragment, spanOf } = setup()
    const init = { kind: 'opinion', span: spanOf('Trade with'), creator: 'A' }
    expect(() => createAnnotation(annotations, fragment, init)).toThrow(
      expect.objectContaining({ code: 'unknown-kind' }),
    )
    const codebook = {
      kinds: [
        {
          key: 'opinion',
          label: 'Opinion',
          description: 'A view.',
          colour: '#eeeeee',
          shortcut: '1',
        },
      ],
    }
    expect(createAnnotation(annotations, fragment, init, { codebook }).kind).toBe('opinion')
    expect(() =>
      createAnnotation(annotations, fragment, { ...init, kind: 'claim' }, { codebook }),
    ).toThrow(expect.objectContaining({ code: 'unknown-kind' }))
  })

  it('refuses attributes that do not fit the kind', () => {
    const { annotations, fragment, spanOf } = setup()
    expect(() =>
      createAnnotation(annotations, fragment, {
        kind: 'claim',
        span: spanOf('Trade with'),
        creator: 'A',
        attributes: { confidence: 2 },
      }),
    ).toThrow(expect.objectContaining({ code: 'invalid-attributes', field: 'confidence' }))
  })

  it('refuses an id that is taken', () => {
    const { annotations, fragment, spanOf } = setup()
    const init = { kind: 'claim', span: spanOf('Trade with'), creator: 'A', id: 'a1' }
    createAnnotation(annotations, fragment, init)
    expect(() => createAnnotation(annotations, fragment, init)).toThrow(
      expect.objectContaining({ code: 'duplicate-id' }),
    )
  })

  it('writes in one transaction with the origin it is given', () => {
    const { annotations, fragment, spanOf } = setup()
    const origins: unknown[] = []
    annotations.on('afterTransaction', (tr: Y.Transaction) => origins.push(tr.origin))
    const origin = { undoable: true }
    createAnnotation(
      annotations,
      fragment,
      { kind: 'claim', span: spanOf('Trade with'), creator: 'A' },
      { origin },
    )
    expect(origins).toEqual([origin])
  })
})

describe('listing and editing annotations', () => {
  it('lists annotations oldest first, the same on every replica', () => {
    const [a, b] = replicas(tradeBrief)
    const text = textOf(a!)
    const span = { start: text.indexOf('Trade with'), end: text.indexOf('Trade with') + 10 }
    createAnnotation(b!.annotations, b!.fragment, {
      kind: 'claim',
      span,
      creator: 'B',
      now: '2024-10-02T00:00:00Z',
    })
    createAnnotation(a!.annotations, a!.fragment, {
      kind: 'actor',
      span,
      creator: 'A',
      now: '2024-10-01T00:00:00Z',
    })
    syncAll([a!, b!])
    expect(listAnnotations(a!.annotations).map((x) => x.creator)).toEqual(['A', 'B'])
    expect(listAnnotations(b!.annotations)).toEqual(listAnnotations(a!.annotations))
  })

  it('merges concurrent edits of different fields and attributes of one annotation', () => {
    const [a, b] = replicas(tradeBrief)
    const text = textOf(a!)
    const span = { start: text.indexOf('Trade with'), end: text.indexOf('Trade with') + 10 }
    const { id } = createAnnotation(a!.annotations, a!.fragment, {
      kind: 'claim',
      span,
      creator: 'A',
    })
    syncAll([a!, b!])
    updateAnnotation(a!.annotations, id, { attributes: { status: 'disputed' } })
    updateAnnotation(b!.annotations, id, { note: 'Check the customs data.' })
    syncAll([a!, b!])
    updateAnnotation(a!.annotations, id, { attributes: { status: 'disputed', confidence: 0.3 } })
    updateAnnotation(b!.annotations, id, {
      attributes: { status: 'disputed', claimType: 'factual' },
    })
    syncAll([a!, b!])
    const merged = getAnnotation(a!.annotations, id)
    expect(merged).toMatchObject({
      note: 'Check the customs data.',
      attributes: { status: 'disputed', confidence: 0.3, claimType: 'factual' },
    })
    expect(getAnnotation(b!.annotations, id)).toEqual(merged)
  })

  it('validates an edit and returns null for an unknown annotation', () => {
    const { annotations, fragment, spanOf } = setup()
    const { id } = createAnnotation(annotations, fragment, {
      kind: 'claim',
      span: spanOf('Trade with'),
      creator: 'A',
    })
    expect(() => updateAnnotation(annotations, id, { attributes: { status: 'true' } })).toThrow(
      AnnotationError,
    )
    expect(() => updateAnnotation(annotations, id, { kind: 'opinion' })).toThrow(/unknown kind/)
    expect(updateAnnotation(annotations, 'nope', { note: 'x' })).toBeNull()
    expect(
      updateAnnotation(annotations, id, { kind: 'actor', attributes: { name: 'China' } }),
    ).toMatchObject({
      kind: 'actor',
      attributes: { name: 'China' },
    })
  })
})
