/**
 * The audit observer on a content room's doc: a connection's text edits gathered into one entry
 * a minute with their counts (written when the observer stops), each connection its own, and
 * codebook and settings changes over sync recorded while those made elsewhere are not.
 */
import { defaultCodebook, writeCodebook } from '@warrant/annotations'
import {
  CONTENT_FRAGMENT,
  fragmentText,
  parseMarkdown,
  writeContent,
  writeSettings,
} from '@warrant/document'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { AuditActor } from './audit'
import { observeAudit } from './audit-observer'
import { auditOver } from './sqlite-audit-store'
import { Storage } from './storage'

const actors: Record<string, AuditActor> = {
  ada: { actor: 'Ada', share: 'share-ada', channel: 'sync' },
  bob: { actor: 'Bob', share: 'share-bob', channel: 'sync' },
}

const stops: Array<() => void> = []

afterEach(() => {
  for (const stop of stops.splice(0)) stop()
})

/** A content doc with a short text, observed with a clock the test steps. */
function fixture() {
  const audit = auditOver(new Storage(':memory:'))
  const content = new Y.Doc()
  writeContent(parseMarkdown('Exports fell by 86.3 percent. Imports fell too.\n').doc, content)
  let clock = Date.parse('2026-01-01T09:00:00Z')
  const stop = observeAudit(content, {
    audit,
    room: 'brief.content',
    actorOf: (origin) => (typeof origin === 'string' ? (actors[origin] ?? null) : null),
    now: () => clock,
  })
  stops.push(stop)
  const textAt = (offset: number) => {
    const at = fragmentText(content.getXmlFragment(CONTENT_FRAGMENT)).typeIndexAt(offset)
    return { text: at.type as Y.XmlText, index: at.index }
  }
  return {
    content,
    stop,
    type: (offset: number, inserted: string, origin: string) => {
      const { text, index } = textAt(offset)
      content.transact(() => text.insert(index, inserted), origin)
    },
    cut: (offset: number, length: number, origin: string) => {
      const { text, index } = textAt(offset)
      content.transact(() => text.delete(index, length), origin)
    },
    tick: (ms: number) => {
      clock += ms
    },
    /** The log, oldest first, without ids and times. */
    entries: async () =>
      (await audit.list()).entries.reverse().map(({ id: _, time: __, ...rest }) => rest),
  }
}

describe('observeAudit on a content room', () => {
  it("gathers a connection's text edits within a minute into one entry with their counts", async () => {
    const { type, entries, tick, stop } = fixture()
    type(0, 'A', 'ada')
    tick(10_000)
    type(0, 'BC', 'ada')
    tick(10_000)
    type(0, 'D', 'ada')
    expect(await entries()).toHaveLength(1)
    stop()
    expect(await entries()).toEqual([
      {
        ...actors.ada,
        document: 'brief',
        action: 'text.edit',
        target: null,
        detail: { updates: 3, inserted: 4, deleted: 0, last: '2026-01-01T09:00:20.000Z' },
      },
    ])
  })

  it('starts a new entry after a minute, and keeps each connection to its own', async () => {
    const { type, cut, entries, tick, stop } = fixture()
    type(0, 'A', 'ada')
    type(0, 'B', 'bob')
    tick(60_000)
    cut(0, 2, 'ada')
    stop()
    expect((await entries()).map(({ actor, detail }) => ({ actor, detail }))).toMatchObject([
      { actor: 'Ada', detail: { updates: 1, inserted: 1, deleted: 0 } },
      { actor: 'Bob', detail: { updates: 1, inserted: 1 } },
      { actor: 'Ada', detail: { updates: 1, inserted: 0, deleted: 2 } },
    ])
  })

  it('records no text edit made elsewhere (HTTP, loading)', async () => {
    const { type, entries, stop } = fixture()
    type(0, 'A', 'http')
    stop()
    expect(await entries()).toEqual([])
  })

  it('records codebook and settings changes over sync, and not those made elsewhere', async () => {
    const { content, entries } = fixture()
    const kinds = defaultCodebook.kinds.map((kind) =>
      kind.key === 'claim' ? { ...kind, label: 'Assertion' } : kind,
    )
    writeCodebook(content, { kinds }, { origin: 'ada' })
    writeSettings(content, { citationStyle: 'mla' }, 'bob')
    writeSettings(content, { citationStyle: 'apa' }, 'http')
    expect(await entries()).toMatchObject([
      { actor: 'Ada', action: 'codebook.update', detail: { kinds: ['claim'] } },
      { actor: 'Bob', action: 'settings.update', detail: { citationStyle: 'mla' } },
    ])
  })
})
