import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { readSettings, writeSettings } from './settings'

describe('document settings', () => {
  it('defaults the citation style until one is chosen', () => {
    expect(readSettings(new Y.Doc())).toEqual({ citationStyle: null })
  })

  it('keeps a chosen citation style and reaches another replica by sync', () => {
    const a = new Y.Doc()
    const b = new Y.Doc()
    expect(writeSettings(a, { citationStyle: 'mla' })).toEqual({ citationStyle: 'mla' })
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    expect(readSettings(b).citationStyle).toBe('mla')
  })

  it('clears a style back to the default with null and leaves it alone when not given', () => {
    const doc = new Y.Doc()
    writeSettings(doc, { citationStyle: 'chicago-author-date' })
    expect(writeSettings(doc, {}).citationStyle).toBe('chicago-author-date')
    expect(writeSettings(doc, { citationStyle: null }).citationStyle).toBeNull()
  })
})
