/**
 * The command line, `pnpm warrant <command>`: add a document from a file, export a document's
 * annotations to a file or to standard output, import an export into a document, and create,
 * list and revoke share links,
 * through the running server or the data folder (WARRANT_DATA, as for the server).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { basename, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { AnnotationError } from '@warrant/annotations'
import { ExportError, type ImportReport } from '@warrant/export'
import { CliError, openAccess } from './cli-access'
import { shareCommand, sharesCommand } from './cli-shares'
import { publicOrigin, readConfig } from './config'

const usage = `Usage:
  pnpm warrant add FILE [--title TITLE]
      FILE: Markdown (.md), HTML (.html), plain text (.txt) or PDF (.pdf). Prints the new
      document's id and its link; the title is the file's own unless --title is given.
  pnpm warrant export <document> --format F [--style S] [--out FILE]
      F: claims, jsonl, csv, w3c, csl, csl-citations, bibtex, ris, markdown, aif
      S: apa, chicago-author-date, mla (default: the document's setting)
      Without --out the export is written to standard output.
  pnpm warrant import <document> FILE
      FILE: a claims, jsonl or w3c export. Annotations are placed by their position or
      quote; those whose passage changed or is ambiguous are kept as orphans.
  pnpm warrant share [--document ID] --role R --label L [--expires ISO]
      Prints a new link for role R (viewer, annotator, editor, owner) to one document, or to
      every document without --document. --expires takes a date-time or a date (its end, UTC).
  pnpm warrant share --revoke SHARE_ID
      The link stops working at once and its open connections are closed.
  pnpm warrant shares [--document ID]
      Lists the links (to that document and to every document), never their secrets.`

// pnpm runs scripts from the workspace root; paths the user typed are relative to where they were.
const cwd = process.env.INIT_CWD ?? process.cwd()

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      style: { type: 'string' },
      out: { type: 'string' },
      document: { type: 'string' },
      role: { type: 'string' },
      label: { type: 'string' },
      expires: { type: 'string' },
      revoke: { type: 'string' },
      title: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  const [command, document, file] = positionals
  if (values.help || command === undefined || command === 'help') {
    console.log(usage)
    return
  }
  if (command === 'share' || command === 'shares') {
    if (document !== undefined) throw new CliError(`Name the document with --document.\n${usage}`)
    const config = readConfig()
    const access = await openAccess(config.dataDir)
    try {
      if (command === 'shares') await sharesCommand(access, values)
      else
        await shareCommand(access, values, {
          fallbackOrigin: publicOrigin(config.host, config.port),
        })
    } finally {
      await access.close()
    }
    return
  }
  if (command === 'add') {
    await addCommand(document, values.title)
    return
  }
  if (command !== 'export' && command !== 'import') {
    throw new CliError(`Unknown command "${command}".\n${usage}`)
  }
  if (document === undefined) throw new CliError(`Name the document.\n${usage}`)
  const access = await openAccess(readConfig().dataDir)
  try {
    if (command === 'export') {
      if (!values.format) throw new CliError(`Choose a format with --format.\n${usage}`)
      const exported = await access.exportFile(document, values.format, values.style)
      if (values.out === undefined) {
        process.stdout.write(exported.body)
        return
      }
      const out = resolve(cwd, values.out)
      writeFileSync(out, exported.body)
      console.error(
        `Wrote ${out} (${Buffer.byteLength(exported.body)} bytes) from ${access.where}.`,
      )
      return
    }
    if (file === undefined) throw new CliError(`Name the export file to import.\n${usage}`)
    const report = await access.importFile(document, readFileSync(resolve(cwd, file), 'utf8'))
    console.log(describe(report, document, access.where))
  } finally {
    await access.close()
  }
}

/** `pnpm warrant add FILE [--title T]`: prints the new document's id, then its link. */
async function addCommand(file: string | undefined, title: string | undefined): Promise<void> {
  if (file === undefined) throw new CliError(`Name the file to add.\n${usage}`)
  const path = resolve(cwd, file)
  if (!existsSync(path)) throw new CliError(`No file ${path}.`)
  const config = readConfig()
  const access = await openAccess(config.dataDir, config)
  try {
    const bytes = readFileSync(path)
    const added = await access
      .addDocument({ fileName: basename(path), bytes, ...(title === undefined ? {} : { title }) })
      .catch((error: unknown) => {
        if (error instanceof CliError) throw new CliError(`Could not add ${file}: ${error.message}`)
        throw error
      })
    const origin = access.origin ?? publicOrigin(config.host, config.port)
    console.log(added.id)
    console.log(new URL(`/d/${encodeURIComponent(added.id)}`, origin).href)
    console.error(
      `Added "${added.title}" (${added.paragraphs} paragraphs) as ${added.id} (${access.where}).`,
    )
  } finally {
    await access.close()
  }
}

/** The import report in words. */
function describe(report: ImportReport, document: string, where: string): string {
  const { unchanged, moved, changed, ambiguous } = report.placed
  const lines = [
    `Imported ${report.annotations} annotations, ${report.relations} relations and ${report.comments} comments into "${document}" (${where}).`,
    `  ${unchanged} at the same place, ${moved} moved, ${changed + ambiguous} orphaned (${changed} whose passage changed, ${ambiguous} ambiguous).`,
  ]
  for (const skip of report.skipped) lines.push(`  Skipped ${skip.type} ${skip.id}: ${skip.reason}`)
  return lines.join('\n')
}

try {
  await main(process.argv.slice(2))
} catch (error) {
  const known =
    error instanceof CliError ||
    error instanceof ExportError ||
    error instanceof AnnotationError ||
    (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_'))
  console.error(known && error instanceof Error ? error.message : error)
  process.exitCode = 1
}
