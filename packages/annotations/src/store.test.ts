import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { resolveAnchors } from './anchoring'
import { defaultCodebook } from './codebook'
import { ANNOTATIONS } from './layout'
import { now, tradeSession } from './replicas.testkit'
import { createAnnotation, getAnnotation, listAnnotations } from './store'

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

  it('refuses a retired kind, and takes a custom kind with its fields from the codebook given', () => {
    const { annotations, fragment, spanOf } = setup()
    const span = spanOf('Trade with')
    const codebook = {
      kinds: [
        ...defaultCodebook.kinds.map((k) => (k.key === 'actor' ? { ...k, retired: true } : k)),
        {
          key: 'hypothesis',
          label: 'Hypothesis',
          description: '',
          colour: '#d9f99d',
          shortcut: '8',
          fields: [{ key: 'strength', label: 'Strength', type: 'number' as const }],
        },
      ],
    }
    expect(() =>
      createAnnotation(annotations, fragment, { kind: 'actor', span, creator: 'A' }, { codebook }),
    ).toThrow(expect.objectContaining({ code: 'retired-kind' }))
    const init = { kind: 'hypothesis', span, creator: 'A', attributes: { strength: 2 } }
    expect(() => createAnnotation(annotations, fragment, init)).toThrow(
      expect.objectContaining({ code: 'unknown-kind' }),
    )
    expect(() =>
      createAnnotation(
        annotations,
        fragment,
        { ...init, attributes: { strength: 'x' } },
        { codebook },
      ),
    ).toThrow(expect.objectContaining({ field: 'attributes.strength' }))
    expect(listAnnotations(annotations)).toEqual([])
    const made = createAnnotation(annotations, fragment, init, { codebook })
    expect(made).toMatchObject({ kind: 'hypothesis', attributes: { strength: 2 } })
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
    ).toThrow(
      expect.objectContaining({ code: 'invalid-attributes', field: 'attributes.confidence' }),
    )
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
