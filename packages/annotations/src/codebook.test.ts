import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  CODEBOOK,
  type Codebook,
  defaultCodebook,
  findKind,
  type Kind,
  readCodebook,
  taggableKind,
  writeCodebook,
} from './codebook'
import { replicas, syncAll, tradeBrief } from './replicas.testkit'

/** WCAG relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  }) as [number, number, number]
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}

/** Hue of a #rrggbb colour in degrees. */
function hue(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16) / 255) as [
    number,
    number,
    number,
  ]
  const max = Math.max(r, g, b)
  const delta = max - Math.min(r, g, b)
  if (delta === 0) return 0
  const sector =
    max === r ? ((g - b) / delta + 6) % 6 : max === g ? (b - r) / delta + 2 : (r - g) / delta + 4
  return sector * 60
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number]
  return (hi + 0.05) / (lo + 0.05)
}

describe('the default codebook', () => {
  it('has the seven kinds of a brief with shortcut keys 1 to 7', () => {
    expect(defaultCodebook.kinds.map((k) => [k.key, k.shortcut])).toEqual([
      ['claim', '1'],
      ['evidence', '2'],
      ['prediction', '3'],
      ['statistic', '4'],
      ['source', '5'],
      ['actor', '6'],
      ['recommendation', '7'],
    ])
  })

  it('labels and describes every kind in one line', () => {
    for (const kind of defaultCodebook.kinds) {
      expect(kind.label).toMatch(/^[A-Z]/)
      expect(kind.description).not.toContain('\n')
      expect(kind.description.length).toBeGreaterThan(10)
    }
  })

  it('gives each kind a distinct pastel highlight that dark text reads over at WCAG AAA (7:1)', () => {
    const colours = defaultCodebook.kinds.map((k) => k.colour)
    expect(new Set(colours).size).toBe(colours.length)
    for (const colour of colours) {
      expect(colour).toMatch(/^#[0-9a-f]{6}$/)
      expect(contrast(colour, '#1f1f1f')).toBeGreaterThanOrEqual(7)
    }
  })

  it('keeps the highlight colours at least 25 degrees of hue apart', () => {
    const hues = defaultCodebook.kinds.map((k) => hue(k.colour)).sort((a, b) => a - b)
    const gaps = hues.map((h, i) => (i === 0 ? h + 360 - hues.at(-1)! : h - hues[i - 1]!))
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(25)
  })

  it('finds a kind by key', () => {
    expect(findKind(defaultCodebook, 'statistic')?.label).toBe('Statistic')
    expect(findKind(defaultCodebook, 'opinion')).toBeNull()
  })
})

/** The default codebook with `change` applied to the kind `key`. */
function changed(codebook: Codebook, key: string, change: Partial<Kind>): Codebook {
  return { kinds: codebook.kinds.map((k) => (k.key === key ? { ...k, ...change } : k)) }
}

const hypothesis: Kind = {
  key: 'hypothesis',
  label: 'Hypothesis',
  description: 'A conjecture the team means to test.',
  colour: '#d9f99d',
  shortcut: '8',
  fields: [
    { key: 'strength', label: 'Strength', type: 'number' },
    { key: 'level', label: 'Level', type: 'choice', choices: ['low', 'high'] },
  ],
}

describe('the codebook of a document', () => {
  it('is the default codebook while nothing is stored', () => {
    const content = new Y.Doc()
    expect(readCodebook(content)).toEqual(defaultCodebook)
    expect(content.getMap(CODEBOOK).size).toBe(0)
  })

  it('renames, recolours, redescribes and rebinds a kind, and every replica sees it', () => {
    const [a, b] = replicas(tradeBrief)
    const edited = changed(defaultCodebook, 'prediction', {
      label: 'Forecast',
      colour: '#A0C4FF',
      description: 'A forecast a later date will settle.',
      shortcut: 'f',
    })
    const written = writeCodebook(a!.content, edited)
    expect(findKind(written, 'prediction')).toEqual({
      key: 'prediction',
      label: 'Forecast',
      colour: '#a0c4ff',
      description: 'A forecast a later date will settle.',
      shortcut: 'f',
    })
    syncAll([a!, b!])
    expect(readCodebook(b!.content)).toEqual(written)
    expect(written.kinds.map((k) => k.key)).toEqual(defaultCodebook.kinds.map((k) => k.key))
  })

  it('adds a custom kind with attribute fields, in the order given', () => {
    const content = new Y.Doc()
    const written = writeCodebook(content, { kinds: [hypothesis, ...defaultCodebook.kinds] })
    expect(written.kinds[0]).toEqual(hypothesis)
    expect(readCodebook(content)).toEqual(written)
  })

  it('retires a kind: listed and flagged, but no longer taggable', () => {
    const content = new Y.Doc()
    const written = writeCodebook(content, changed(defaultCodebook, 'actor', { retired: true }))
    expect(findKind(written, 'actor')?.retired).toBe(true)
    expect(() => taggableKind(written, 'actor')).toThrow(
      expect.objectContaining({ code: 'retired-kind' }),
    )
    expect(taggableKind(written, 'claim').key).toBe('claim')
    expect(() => taggableKind(written, 'opinion')).toThrow(
      expect.objectContaining({ code: 'unknown-kind' }),
    )
    const back = writeCodebook(content, changed(written, 'actor', { retired: false }))
    expect(findKind(back, 'actor')).not.toHaveProperty('retired')
  })

  it('refuses to remove a kind, built-in or custom, and stores nothing', () => {
    const content = new Y.Doc()
    const withoutActor = { kinds: defaultCodebook.kinds.filter((k) => k.key !== 'actor') }
    expect(() => writeCodebook(content, withoutActor)).toThrow(
      expect.objectContaining({ code: 'kind-removed', message: expect.stringMatching(/retire/) }),
    )
    expect(content.getMap(CODEBOOK).size).toBe(0)
    writeCodebook(content, { kinds: [...defaultCodebook.kinds, hypothesis] })
    expect(() => writeCodebook(content, defaultCodebook)).toThrow(/"hypothesis" cannot be removed/)
  })

  it.each([
    ['kinds.0.colour', changed(defaultCodebook, 'claim', { colour: 'yellow' })],
    ['kinds.1.label', changed(defaultCodebook, 'evidence', { label: '  ' })],
    ['kinds.2.shortcut', changed(defaultCodebook, 'prediction', { shortcut: '1' })],
    ['kinds.2.shortcut', changed(defaultCodebook, 'prediction', { shortcut: 'ab' })],
    ['kinds.7.key', { kinds: [...defaultCodebook.kinds, { ...hypothesis, key: 'claim' }] }],
    ['kinds.7.key', { kinds: [...defaultCodebook.kinds, { ...hypothesis, key: 'My Kind' }] }],
    ['kinds.0.fields', changed(defaultCodebook, 'claim', { fields: hypothesis.fields! })],
    [
      'kinds.7.fields.0.choices',
      {
        kinds: [
          ...defaultCodebook.kinds,
          { ...hypothesis, fields: [{ key: 'level', label: 'Level', type: 'choice' as const }] },
        ],
      },
    ],
    [
      'kinds.7.fields.1.key',
      {
        kinds: [
          ...defaultCodebook.kinds,
          { ...hypothesis, fields: [hypothesis.fields![0]!, hypothesis.fields![0]!] },
        ],
      },
    ],
  ])('refuses an invalid codebook, naming the field (%s)', (field, codebook) => {
    const content = new Y.Doc()
    expect(() => writeCodebook(content, codebook)).toThrow(
      expect.objectContaining({ code: 'invalid-codebook', field }),
    )
    expect(content.getMap(CODEBOOK).size).toBe(0)
  })

  it('merges concurrent edits of different kinds', () => {
    const [a, b] = replicas(tradeBrief)
    writeCodebook(a!.content, changed(defaultCodebook, 'claim', { label: 'Assertion' }))
    writeCodebook(b!.content, changed(defaultCodebook, 'source', { colour: '#eeddff' }))
    syncAll([a!, b!])
    const merged = readCodebook(a!.content)
    expect(findKind(merged, 'claim')?.label).toBe('Assertion')
    expect(findKind(merged, 'source')?.colour).toBe('#eeddff')
    expect(readCodebook(b!.content)).toEqual(merged)
  })

  it('gives no shortcut to the later of two kinds that took the same one concurrently', () => {
    const [a, b] = replicas(tradeBrief)
    writeCodebook(a!.content, { kinds: [...defaultCodebook.kinds, hypothesis] })
    syncAll([a!, b!])
    writeCodebook(a!.content, changed(readCodebook(a!.content), 'hypothesis', { shortcut: 'h' }))
    writeCodebook(b!.content, changed(readCodebook(b!.content), 'actor', { shortcut: 'h' }))
    syncAll([a!, b!])
    const merged = readCodebook(a!.content)
    expect(findKind(merged, 'actor')?.shortcut).toBe('h')
    expect(findKind(merged, 'hypothesis')?.shortcut).toBe('')
    expect(writeCodebook(a!.content, merged)).toEqual(merged)
  })

  it('reads a malformed stored kind as its default, keeping it retired', () => {
    const content = new Y.Doc()
    content.getMap(CODEBOOK).set('claim', { label: 42, retired: true })
    expect(findKind(readCodebook(content), 'claim')).toEqual({
      ...findKind(defaultCodebook, 'claim'),
      retired: true,
    })
  })

  it('writes only the kinds that change, in one transaction with the origin given', () => {
    const content = new Y.Doc()
    writeCodebook(content, defaultCodebook)
    const origins: unknown[] = []
    const keys: string[] = []
    content.on('afterTransaction', (tr: Y.Transaction) => origins.push(tr.origin))
    content.getMap(CODEBOOK).observe((event) => keys.push(...event.keysChanged))
    writeCodebook(content, changed(defaultCodebook, 'statistic', { label: 'Figure' }), {
      origin: 'editor',
    })
    expect(origins).toEqual(['editor'])
    expect(keys).toEqual(['statistic'])
  })
})
