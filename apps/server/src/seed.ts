/**
 * The first start of a data folder: every `documents/*.md` becomes a document (its content
 * stored as the first snapshot of its content room) and an owner token is created.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { type CslItem, parseMarkdown } from '@warrant/document'
import { createDocument } from './create-document'
import { recordInstanceOwner } from './instance-owner'
import type { Storage } from './storage'
import type { Tokens } from './tokens'

/** What seeding did. */
export interface SeedResult {
  /** The owner token, when this was the first start of the data folder; else null. */
  ownerToken: string | null
  /** Ids of the documents imported. */
  imported: string[]
}

/** Stores a Markdown document under `id`: its record, its content, an empty annotations doc. */
export function importMarkdown(storage: Storage, id: string, source: string): CslItem {
  return createDocument(storage, id, parseMarkdown(source))
}

/** Imports the documents folder and creates the owner token, once per data folder. */
export function seedDataFolder(storage: Storage, tokens: Tokens, documentsDir: string): SeedResult {
  if (storage.getMeta('seeded') !== null) return { ownerToken: null, imported: [] }
  const files = existsSync(documentsDir)
    ? readdirSync(documentsDir)
        .filter((name) => name.endsWith('.md'))
        .sort()
    : []
  return storage.transaction(() => {
    const imported = files.map((name) => {
      const id = basename(name, '.md')
      importMarkdown(storage, id, readFileSync(join(documentsDir, name), 'utf8'))
      return id
    })
    const owner = tokens.issue({ role: 'owner', label: 'owner', document: null })
    recordInstanceOwner(storage, owner.share.id)
    const ownerToken = owner.token
    storage.setMeta('seeded', new Date().toISOString())
    return { ownerToken, imported }
  })
}
