/**
 * The audit table: entries read back as written, newest first a page at a time, filtered by
 * document and time, and the command line's own token told apart from share links.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Audit, type AuditEntryInit } from './audit'
import type { AuditStore } from './audit-store'
import { auditOver, SqliteAuditStore } from './sqlite-audit-store'
import { SqliteTokenStore } from './sqlite-token-store'
import { Storage } from './storage'
import { Tokens } from './tokens'

const ada = { actor: 'Ada', share: 'share-ada', channel: 'sync' } as const

function fresh() {
  const storage = new Storage(':memory:')
  return { storage, audit: auditOver(storage) }
}

function entry(n: number, overrides: Partial<AuditEntryInit> = {}): AuditEntryInit {
  return {
    ...ada,
    document: 'brief',
    action: 'annotation.create',
    target: `a${n}`,
    time: `2026-01-01T00:00:${String(n).padStart(2, '0')}.000Z`,
    ...overrides,
  }
}

describe('Audit', () => {
  it('reads an entry back as it was recorded, its detail as JSON', async () => {
    const { audit } = fresh()
    const id = await audit.record(entry(1, { detail: { kind: 'claim', quote: 'Exports fell' } }))
      .written
    expect((await audit.list()).entries).toEqual([
      {
        id,
        time: '2026-01-01T00:00:01.000Z',
        document: 'brief',
        actor: 'Ada',
        share: 'share-ada',
        channel: 'sync',
        action: 'annotation.create',
        target: 'a1',
        detail: { kind: 'claim', quote: 'Exports fell' },
      },
    ])
  })

  it('stamps the time of recording when none is given, and keeps absent fields null', async () => {
    const { audit } = fresh()
    const before = new Date().toISOString()
    audit.record({ ...ada, document: null, action: 'codebook.update' })
    const [only] = (await audit.list()).entries
    expect(only!.time >= before).toBe(true)
    expect(only).toMatchObject({ document: null, target: null, detail: null })
  })

  it('lists newest first, a page at a time, until the last page has no next cursor', async () => {
    const { audit } = fresh()
    for (let n = 1; n <= 7; n += 1) audit.record(entry(n))
    const first = await audit.list({ limit: 3 })
    expect(first.entries.map((e) => e.target)).toEqual(['a7', 'a6', 'a5'])
    expect(first.next).toBe(first.entries[2]!.id)
    const second = await audit.list({ limit: 3, before: first.next! })
    expect(second.entries.map((e) => e.target)).toEqual(['a4', 'a3', 'a2'])
    const last = await audit.list({ limit: 3, before: second.next! })
    expect(last.entries.map((e) => e.target)).toEqual(['a1'])
    expect(last.next).toBeNull()
  })

  it('has no next cursor when a page is exactly the rest of the log', async () => {
    const { audit } = fresh()
    for (let n = 1; n <= 4; n += 1) audit.record(entry(n))
    expect((await audit.list({ limit: 4 })).next).toBeNull()
  })

  it('keeps pages between 1 and 500 entries whatever limit is asked for', async () => {
    const { audit } = fresh()
    for (let n = 1; n <= 3; n += 1) audit.record(entry(n))
    expect((await audit.list({ limit: 0 })).entries).toHaveLength(1)
    expect((await audit.list({ limit: -5 })).entries).toHaveLength(1)
    expect((await audit.list({ limit: 10_000 })).entries).toHaveLength(3)
  })

  it("filters by document and by time, so one document's owners see only its entries", async () => {
    const { audit } = fresh()
    audit.record(entry(1))
    audit.record(entry(2, { document: 'other' }))
    audit.record(entry(3))
    audit.record(entry(4, { document: null, action: 'share.create' }))
    expect((await audit.list({ document: 'brief' })).entries.map((e) => e.target)).toEqual([
      'a3',
      'a1',
    ])
    const since = (await audit.list({ since: '2026-01-01T00:00:02.000Z' })).entries
    expect(since.map((e) => e.target)).toEqual(['a4', 'a3', 'a2'])
  })

  it('replaces the detail of an entry (a coalesced entry counting on)', async () => {
    const { audit } = fresh()
    const recorded = audit.record(entry(1, { action: 'text.edit', detail: { updates: 1 } }))
    audit.amend(recorded, { updates: 5 })
    expect((await audit.list()).entries[0]!.detail).toEqual({ updates: 5 })
  })

  it('survives a restart of the database file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'warrant-audit-')), 'warrant.sqlite')
    const first = new Storage(file)
    auditOver(first).record(entry(1))
    first.close()
    const again = new Storage(file)
    expect((await auditOver(again).list()).entries.map((e) => e.target)).toEqual(['a1'])
    again.close()
  })

  it('logs an entry it cannot write instead of throwing, and gives it no id', async () => {
    const { storage, audit } = fresh()
    storage.close()
    const logged: unknown[] = []
    const original = console.error
    console.error = (...args: unknown[]) => logged.push(args)
    try {
      const recorded = audit.record(entry(1))
      expect(await recorded.written).toBeNull()
      expect(recorded.id).toBeNull()
    } finally {
      console.error = original
    }
    expect(logged).toHaveLength(1)
  })
})

describe('Audit.actorOf', () => {
  it("names a share token's holder over http and the command line's token as the cli", async () => {
    const { storage, audit } = fresh()
    const tokens = new Tokens(new SqliteTokenStore(storage))
    const link = (await tokens.verify(
      await tokens.create({ role: 'editor', label: 'Eda', document: null }),
    ))!
    const cli = (await tokens.verify(
      await tokens.create({
        role: 'owner',
        label: 'command line',
        document: null,
        commandLine: true,
      }),
    ))!
    expect(audit.actorOf(link)).toEqual({ actor: 'Eda', share: link.share, channel: 'http' })
    expect(audit.actorOf(cli)).toEqual({ actor: 'command line', share: cli.share, channel: 'cli' })
    expect(audit.actorOf({ label: 'someone' })).toEqual({
      actor: 'someone',
      share: null,
      channel: 'http',
    })
  })
})

describe('Audit over a store that answers later', () => {
  /** An audit store whose writes each wait for the test to let them through, in order. */
  function slowStore() {
    const inner = new SqliteAuditStore(new Storage(':memory:'))
    const gates: Array<() => void> = []
    const gate = () => new Promise<void>((resolve) => gates.push(resolve))
    const store: AuditStore = {
      append: async (entry) => {
        await gate()
        return inner.append(entry)
      },
      amend: async (id, detail) => {
        await gate()
        return inner.amend(id, detail)
      },
      list: (filter) => inner.list(filter),
    }
    /** Lets every write waiting now, and those queued behind them, through. */
    const release = async () => {
      for (let round = 0; round < 20; round += 1) {
        for (const open of gates.splice(0)) open()
        await new Promise((resolve) => setImmediate(resolve))
      }
    }
    return { store, release }
  }

  it('writes entries in the order they were recorded and lists them once written', async () => {
    const { store, release } = slowStore()
    const audit = new Audit(store)
    const first = audit.record(entry(1, { action: 'text.edit', detail: { updates: 1 } }))
    audit.record(entry(2))
    audit.amend(first, { updates: 2 })
    expect(first.id).toBeNull()
    const listed = audit.list()
    await release()
    const { entries } = await listed
    expect(entries.map((e) => [e.target, e.detail])).toEqual([
      ['a2', null],
      ['a1', { updates: 2 }],
    ])
    expect(first.id).toBe(entries[1]!.id)
  })
})
