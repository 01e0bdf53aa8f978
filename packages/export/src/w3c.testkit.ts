/**
 * The W3C Web Annotation suite as the `w3c` tests run it, offline from the vendored copy: its
 * MUST assertions compiled with ajv (draft-04, formats, not strict), its correct and incorrect
 * samples, and a JSON-LD document loader that serves only the vendored anno.jsonld.
 */
import { readdirSync, readFileSync } from 'node:fs'
import Ajv, { type ValidateFunction } from 'ajv-draft-04'
import addFormats from 'ajv-formats'
import type { JsonLd, RemoteDocument } from 'jsonld/jsonld-spec'

const suite = new URL('../schema/vendor/web-annotation/', import.meta.url)

/** One MUST assertion of the suite: its file (as a .test lists it) and its compiled schema. */
export interface MustAssertion {
  file: string
  validate: ValidateFunction
}

function readJson(path: URL): unknown {
  return JSON.parse(readFileSync(path, 'utf8'))
}

const ajv = new Ajv({ strict: false, allErrors: true })
addFormats(ajv)
for (const file of readdirSync(new URL('definitions/', suite))) {
  ajv.addSchema(readJson(new URL(`definitions/${file}`, suite)) as object)
}

/** The assertions a suite `.test` file lists (e.g. `annotations/annotationMusts.test`). */
export function assertionsOf(testFile: string): MustAssertion[] {
  const { assertions } = readJson(new URL(testFile, suite)) as { assertions: string[] }
  return assertions.map((file) => ({
    file,
    validate: ajv.compile(readJson(new URL(file, suite)) as object),
  }))
}

/** The files of the assertions `value` fails (none when it passes them all). */
export function failedMusts(assertions: MustAssertion[], value: unknown): string[] {
  return assertions.filter((a) => !a.validate(value)).map((a) => a.file)
}

/** The samples of the suite's tools/samples/correct or /incorrect as text (one is not JSON). */
export function samples(which: 'correct' | 'incorrect'): Array<{ name: string; text: string }> {
  const dir = new URL(`tools/samples/${which}/`, suite)
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => ({ name, text: readFileSync(new URL(name, dir), 'utf8') }))
}

/** The vendored W3C context, as served at http://www.w3.org/ns/anno.jsonld. */
export const annoContext = readJson(new URL('anno.jsonld', suite)) as JsonLd

const annoUrls = new Set(['http://www.w3.org/ns/anno.jsonld', 'https://www.w3.org/ns/anno.jsonld'])

/** A JSON-LD document loader that serves anno.jsonld from the repo and refuses any other URL. */
export async function offlineLoader(url: string): Promise<RemoteDocument> {
  if (!annoUrls.has(url)) throw new Error(`offline: refusing to load ${url}`)
  return { contextUrl: undefined, documentUrl: url, document: structuredClone(annoContext) }
}
