/**
 * Seeding a data folder: its documents and owner token once, and a start that failed half-way
 * finished by the next without making a document twice.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseMarkdown } from '@warrant/document'
import { describe, expect, it } from 'vitest'
import { createDocument } from './create-document'
import { instanceOwnerShare } from './instance-owner'
import { seedDataFolder } from './seed'
import { Storage } from './storage'
import { sqliteStores } from './stores'
import { Tokens } from './tokens'

function folder() {
  const documentsDir = mkdtempSync(join(tmpdir(), 'warrant-seed-'))
  writeFileSync(join(documentsDir, 'first.md'), '# First\n\nOne.\n')
  writeFileSync(join(documentsDir, 'second.md'), '# Second\n\nTwo.\n')
  const stores = sqliteStores(new Storage(':memory:'))
  return { documentsDir, stores, seeding: { ...stores, tokens: new Tokens(stores.tokens) } }
}

describe('seedDataFolder', () => {
  it('imports the documents and makes the instance owner once per data folder', async () => {
    const { documentsDir, stores, seeding } = folder()
    const seeded = await seedDataFolder(seeding, documentsDir)
    expect(seeded.imported).toEqual(['first', 'second'])
    const owner = (await seeding.tokens.verify(seeded.ownerToken))!
    expect(await instanceOwnerShare(stores.meta, seeding.tokens)).toBe(owner.share)
    expect(await seedDataFolder(seeding, documentsDir)).toEqual({ ownerToken: null, imported: [] })
    expect((await stores.documents.list()).map((d) => d.id)).toEqual(['first', 'second'])
  })

  it('finishes a seeding cut short, keeping the documents it had made', async () => {
    const { documentsDir, stores, seeding } = folder()
    await createDocument(stores.documents, 'first', parseMarkdown('# Made before\n'))
    const seeded = await seedDataFolder(seeding, documentsDir)
    expect(seeded.imported).toEqual(['second'])
    expect(seeded.ownerToken).not.toBeNull()
    expect((await stores.documents.get('first'))?.record.title).toBe('Made before')
  })
})
