/**
 * The first start of a data folder (or database): every `documents/*.md` becomes a document
 * (its content stored as the first snapshot of its content room) and an owner token is created.
 * The data is marked seeded last, so a start that failed half-way seeds again on the next one,
 * skipping the documents it already made.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { type CslItem, parseMarkdown } from '@warrant/document'
import { createDocument } from './create-document'
import type { DocumentStore } from './document-store'
import { recordInstanceOwner } from './instance-owner'
import { type MetaStore, metaKeys } from './meta-store'
import type { Tokens } from './tokens'

/** What seeding did. */
export interface SeedResult {
  /** The owner token, when this was the first start of the data folder; else null. */
  ownerToken: string | null
  /** Ids of the documents imported. */
  imported: string[]
}

/** What seeding writes to. */
export interface SeedStores {
  documents: DocumentStore
  meta: MetaStore
  tokens: Tokens
}

/**
 * Stores a Markdown document under `id`: its record, its content, an empty annotations doc.
 * Null when a document already has that id.
 */
export function importMarkdown(
  documents: DocumentStore,
  id: string,
  source: string,
): Promise<CslItem | null> {
  return createDocument(documents, id, parseMarkdown(source))
}

/** Imports the documents folder and creates the owner token, once per data folder. */
export async function seedDataFolder(
  stores: SeedStores,
  documentsDir: string,
): Promise<SeedResult> {
  const { documents, meta, tokens } = stores
  if ((await meta.get(metaKeys.seeded)) !== null) return { ownerToken: null, imported: [] }
  const files = existsSync(documentsDir)
    ? readdirSync(documentsDir)
        .filter((name) => name.endsWith('.md'))
        .sort()
    : []
  const imported: string[] = []
  for (const name of files) {
    const id = basename(name, '.md')
    if (await documents.get(id)) continue
    const source = readFileSync(join(documentsDir, name), 'utf8')
    if (await importMarkdown(documents, id, source)) imported.push(id)
  }
  const owner = await tokens.issue({ role: 'owner', label: 'owner', document: null })
  await recordInstanceOwner(meta, owner.share.id)
  await meta.set(metaKeys.seeded, new Date().toISOString())
  return { ownerToken: owner.token, imported }
}
