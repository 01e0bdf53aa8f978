/**
 * The audit observer on an annotations room's doc: every transaction a connection makes becomes
 * entries naming it (creations, edits by field, re-anchoring, deletions with what went with
 * them, comment resolution), and writes made elsewhere are tracked but not recorded twice.
 */
import {
  addComment,
  createAnnotation,
  createRelation,
  defaultCodebook,
  deleteAnnotation,
  deleteRelation,
  editComment,
  reanchorAnnotation,
  setCommentResolved,
  updateAnnotation,
} from '@warrant/annotations'
import { CONTENT_FRAGMENT, fragmentText, parseMarkdown, writeContent } from '@warrant/document'
import { afterEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import type { AuditActor } from './audit'
import { observeAudit } from './audit-observer'
import { auditOver } from './sqlite-audit-store'
import { Storage } from './storage'

const text = 'Exports fell by 86.3 percent. Imports fell too, said the report.'

const actors: Record<string, AuditActor> = {
  ada: { actor: 'Ada', share: 'share-ada', channel: 'sync' },
  bob: { actor: 'Bob', share: 'share-bob', channel: 'sync' },
}

const stops: Array<() => void> = []

afterEach(() => {
  for (const stop of stops.splice(0)) stop()
})

/** A content doc holding `text`, and an annotations doc with its observer. */
function fixture() {
  const storage = new Storage(':memory:')
  const audit = auditOver(storage)
  const content = new Y.Doc()
  writeContent(parseMarkdown(`${text}\n`).doc, content)
  const annotations = new Y.Doc()
  const actorOf = (origin: unknown) =>
    typeof origin === 'string' ? (actors[origin] ?? null) : null
  stops.push(observeAudit(annotations, { audit, actorOf, room: 'brief.annotations' }))
  const fragment = content.getXmlFragment(CONTENT_FRAGMENT)
  const span = (exact: string) => {
    const start = fragmentText(fragment).text.indexOf(exact)
    return { start, end: start + exact.length }
  }
  const annotate = (kind: string, exact: string, origin: string | null) =>
    createAnnotation(
      annotations,
      fragment,
      { kind, span: span(exact), creator: 'Ada' },
      { origin, codebook: defaultCodebook },
    )
  /** The log, oldest first, without ids and times. */
  const entries = async () =>
    (await audit.list()).entries.reverse().map(({ id: _, time: __, ...rest }) => rest)
  return { annotations, fragment, span, annotate, entries }
}

describe('observeAudit on an annotations room', () => {
  it('records an annotation a connection creates, by its actor, with its kind and quote', async () => {
    const { annotate, entries } = fixture()
    const created = annotate('claim', 'Exports fell by 86.3 percent', 'ada')
    expect(await entries()).toEqual([
      {
        ...actors.ada,
        document: 'brief',
        action: 'annotation.create',
        target: created.id,
        detail: {
          kind: 'claim',
          quote: 'Exports fell by 86.3 percent',
          position: { start: 0, end: 28 },
        },
      },
    ])
  })

  it('records the same entries when the write arrives as an update from another replica', async () => {
    const { annotations, fragment, span, entries } = fixture()
    const replica = new Y.Doc()
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(annotations))
    const created = createAnnotation(replica, fragment, {
      kind: 'statistic',
      span: span('86.3 percent'),
      creator: 'Bob',
    })
    Y.applyUpdate(annotations, Y.encodeStateAsUpdate(replica), 'bob')
    expect(await entries()).toMatchObject([
      {
        actor: 'Bob',
        action: 'annotation.create',
        target: created.id,
        detail: { kind: 'statistic' },
      },
    ])
  })

  it('records nothing for writes made elsewhere, yet knows what they were when deleted', async () => {
    const { annotations, annotate, entries } = fixture()
    const created = annotate('claim', 'Imports fell too', 'http')
    updateAnnotation(annotations, created.id, { note: 'checked', editor: 'Eda' }, { origin: null })
    expect(await entries()).toEqual([])
    deleteAnnotation(annotations, created.id, { origin: 'ada' })
    expect(await entries()).toMatchObject([
      {
        actor: 'Ada',
        action: 'annotation.delete',
        target: created.id,
        detail: { kind: 'claim', quote: 'Imports fell too', relations: [], comments: 0 },
      },
    ])
  })

  it('names the fields an edit changed, and the kind it had when the kind changed', async () => {
    const { annotations, annotate, entries } = fixture()
    const created = annotate('claim', 'Imports fell too', 'http')
    updateAnnotation(
      annotations,
      created.id,
      { kind: 'evidence', editor: 'Ada' },
      { origin: 'ada' },
    )
    updateAnnotation(
      annotations,
      created.id,
      { note: 'see p. 4', editor: 'Bob' },
      { origin: 'bob' },
    )
    expect(await entries()).toMatchObject([
      {
        actor: 'Ada',
        action: 'annotation.update',
        detail: { kind: 'evidence', fields: ['kind'], previousKind: 'claim' },
      },
      { actor: 'Bob', action: 'annotation.update', detail: { kind: 'evidence', fields: ['note'] } },
    ])
    expect((await entries())[1]!.detail).not.toHaveProperty('previousKind')
  })

  it('records a re-anchoring with the passage before and after', async () => {
    const { annotations, fragment, span, annotate, entries } = fixture()
    const created = annotate('claim', 'Imports fell too', 'http')
    reanchorAnnotation(
      annotations,
      fragment,
      created.id,
      { span: span('said the report'), editor: 'Ada' },
      { origin: 'ada' },
    )
    expect(await entries()).toMatchObject([
      {
        actor: 'Ada',
        action: 'annotation.reanchor',
        target: created.id,
        detail: {
          quote: 'said the report',
          previous: { quote: 'Imports fell too' },
        },
      },
    ])
  })

  it('counts the relations and comments deleted with an annotation in its one entry', async () => {
    const { annotations, annotate, entries } = fixture()
    const claim = annotate('claim', 'Imports fell too', 'http')
    const evidence = annotate('evidence', '86.3 percent', 'http')
    const relation = createRelation(
      annotations,
      { type: 'supports', from: evidence.id, to: claim.id, creator: 'Ada' },
      { origin: 'http' },
    )
    addComment(annotations, { annotation: claim.id, text: 'Sure?', creator: 'Bob' }, {})
    deleteAnnotation(annotations, claim.id, { origin: 'ada' })
    expect(await entries()).toMatchObject([
      {
        action: 'annotation.delete',
        target: claim.id,
        detail: { relations: [relation.id], comments: 1 },
      },
    ])
  })

  it('records relations created and deleted on their own', async () => {
    const { annotations, annotate, entries } = fixture()
    const claim = annotate('claim', 'Imports fell too', 'http')
    const evidence = annotate('evidence', '86.3 percent', 'http')
    const init = { type: 'supports', from: evidence.id, to: claim.id, creator: 'Ada' } as const
    const relation = createRelation(annotations, init, { origin: 'ada' })
    deleteRelation(annotations, relation.id, { origin: 'bob' })
    const detail = { type: 'supports', from: evidence.id, to: claim.id }
    expect(await entries()).toMatchObject([
      { actor: 'Ada', action: 'relation.create', target: relation.id, detail },
      { actor: 'Bob', action: 'relation.delete', target: relation.id, detail },
    ])
  })

  it('records comments added, edited, resolved and reopened', async () => {
    const { annotations, annotate, entries } = fixture()
    const claim = annotate('claim', 'Imports fell too', 'http')
    const init = { annotation: claim.id, text: 'Source?', creator: 'Ada' }
    const comment = addComment(annotations, init, { origin: 'ada' })
    editComment(
      annotations,
      comment.id,
      { text: 'Source, please?', editor: 'Ada' },
      { origin: 'ada' },
    )
    setCommentResolved(annotations, comment.id, true, { editor: 'Bob' }, { origin: 'bob' })
    setCommentResolved(annotations, comment.id, false, { editor: 'Ada' }, { origin: 'ada' })
    expect((await entries()).map(({ actor, action }) => `${actor} ${action}`)).toEqual([
      'Ada comment.create',
      'Ada comment.update',
      'Bob comment.resolve',
      'Ada comment.reopen',
    ])
    expect((await entries())[1]!.detail).toEqual({ annotation: claim.id, fields: ['text'] })
  })

  it('never throws into the transaction of an update, even when recording fails', async () => {
    const { annotations, annotate } = fixture()
    const failing = () => {
      throw new Error('broken audit')
    }
    stops.push(
      observeAudit(annotations, {
        audit: {} as ReturnType<typeof auditOver>,
        actorOf: failing,
        room: 'b.annotations',
      }),
    )
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
    expect(() => annotate('claim', 'Imports fell too', 'ada')).not.toThrow()
    expect(errors).toHaveBeenCalledWith(
      'Could not record a change in the audit log',
      expect.any(Error),
    )
    errors.mockRestore()
  })

  it('stops recording once detached', async () => {
    const { annotate, entries } = fixture()
    for (const stop of stops.splice(0)) stop()
    annotate('claim', 'Imports fell too', 'ada')
    expect(await entries()).toEqual([])
  })
})
