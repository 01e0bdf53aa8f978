/**
 * Imports a web page: its main content parsed into our schema and its record from its meta
 * tags. The page is first stripped of everything that runs or is furniture (scripts, styles,
 * frames, forms, navigation, site header and footer, sidebars); Readability then picks the
 * article out of what is left (else <main>, <article> or <body> is taken), and ProseMirror's
 * DOM parser keeps only what the schema can hold, so no event attribute, style or unsafe link
 * can reach a document. A fragment (no <html> or <body>, as pasted) is content as a whole.
 */
import { Readability } from '@mozilla/readability'
import { parseHTML } from 'linkedom'
import { DOMParser, Fragment, type Node } from 'prosemirror-model'
import { refuseBinary } from './decoding'
import { htmlRecord } from './html-record'
import { ImportError, type ImportedDocument } from './importing'
import { safeHref } from './links'
import { schema } from './schema'
import { textblockText } from './text'

/** Options of parseHtml. */
export interface HtmlImportOptions {
  /** Where the page was fetched from: relative links resolve against it (else the page's base). */
  baseUrl?: string
}

// Elements that run, load, take input or are site furniture: removed with everything inside.
const removed = [
  'script, style, noscript, template, iframe, frame, frameset, object, embed, applet',
  'svg, math, canvas, audio, video, map, link, meta, base, title',
  'form, input, button, select, textarea, dialog, nav, aside, footer, [hidden]',
  '[role="navigation"], [role="banner"], [role="contentinfo"], [role="complementary"]',
  '[role="search"], [role="menu"], [role="menubar"], [role="dialog"], [role="alert"]',
].join(', ')

const headingTags = 'h1, h2, h3, h4, h5, h6'
// Marks that survive Readability (it renames h1 to h2 and rewraps, but keeps attributes).
const levelAttr = 'data-warrant-level'
const orderAttr = 'data-warrant-order'
const preAttr = 'data-warrant-pre'

let parser: DOMParser | undefined

/**
 * The schema's rules, and code lines from a <pre> that keep their spaces as the Markdown
 * importer's do. Made on first use, so the module has no side effects of its own and a bundle
 * that never imports HTML (the web app's) may leave it out.
 */
function htmlParser(): DOMParser {
  parser ??= new DOMParser(schema, [
    { tag: `p[${preAttr}]`, node: 'paragraph', preserveWhitespace: 'full' },
    ...DOMParser.fromSchema(schema).rules,
  ])
  return parser
}

/** Parses a web page (bytes in the charset it declares, else UTF-8) into a document and record. */
export function parseHtml(
  bytes: Uint8Array | string,
  options: HtmlImportOptions = {},
): ImportedDocument {
  const source = refuseBinary(typeof bytes === 'string' ? bytes : decodeHtml(bytes), 'page')
  const wholePage = /<(?:html|body)[\s>]/i.test(source)
  const page = loadPage(source)
  const record = htmlRecord(page, options.baseUrl)
  const base =
    options.baseUrl ?? page.querySelector('base[href]')?.getAttribute('href') ?? record.URL
  prepare(page, base)
  const body = page.querySelector('body')!
  const container =
    (wholePage && readable(page, record.title)) ||
    page.querySelector('main, [role="main"]') ||
    page.querySelector('article') ||
    body
  for (const heading of Array.from(container.querySelectorAll(`[${levelAttr}]`)))
    restoreLevel(heading)
  const doc = withoutEmptyBlocks(htmlParser().parse(container))
  if (doc === null) throw new ImportError('empty', 'the page has no text to import')
  if (!record.title) {
    const heading = firstHeading(doc)
    if (heading) record.title = heading
  }
  return { doc, record }
}

/** The page's bytes as text: a byte order mark, else the charset its <meta> declares, else UTF-8. */
function decodeHtml(bytes: Uint8Array): string {
  let label = 'utf-8'
  if (bytes[0] === 0xff && bytes[1] === 0xfe) label = 'utf-16le'
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) label = 'utf-16be'
  else if (!(bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)) {
    const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024))
    const declared = /<meta[^>]+charset\s*=\s*["']?\s*([\w:.-]+)/i.exec(head)?.[1]?.toLowerCase()
    // A page can only declare an ASCII-compatible charset in itself; UTF-16 needs a BOM.
    if (declared && !declared.startsWith('utf-16')) label = declared
  }
  try {
    return new TextDecoder(label).decode(bytes)
  } catch {
    return new TextDecoder('utf-8').decode(bytes)
  }
}

/**
 * The source as a well-formed document (linkedom builds no <html>/<head>/<body> of its own):
 * the head's elements in <head>, everything else in <body>.
 */
function loadPage(source: string): Document {
  const raw = parseHTML(source).document
  const body = raw.querySelector('html > body')
  if (raw.documentElement?.tagName === 'HTML' && body) return raw
  const head = raw.querySelector('head')
  const headHtml = head
    ? head.innerHTML
    : Array.from(raw.querySelectorAll('title, meta, link, base'))
        .map((e) => e.outerHTML)
        .join('')
  const html = raw.querySelector('html')
  const roots = Array.from((raw.querySelector('body') ?? html ?? raw).childNodes).filter(
    (n) => n !== head,
  )
  const bodyHtml = roots.map(outerHtml).join('')
  const lang = html?.getAttribute('lang')
  const open = lang ? `<html lang="${lang.replace(/[^\w-]/g, '')}">` : '<html>'
  return parseHTML(`<!DOCTYPE html>${open}<head>${headHtml}</head><body>${bodyHtml}</body></html>`)
    .document
}

function outerHtml(node: ChildNode): string {
  if (node.nodeType === 1) return (node as Element).outerHTML
  if (node.nodeType !== 3) return ''
  return (node.textContent ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;')
}

/**
 * Strips the page to its readable content and marks it for after Readability: removes what runs
 * or is furniture, resolves links (dropping unsafe ones), turns <pre> into code lines, and
 * numbers every element and notes every heading's level.
 */
function prepare(page: Document, base: string | undefined): void {
  for (const element of Array.from(page.querySelectorAll(removed))) element.remove()
  for (const element of Array.from(page.querySelectorAll('[style]'))) {
    if (/display\s*:\s*none|visibility\s*:\s*hidden/i.test(element.getAttribute('style') ?? '')) {
      element.remove()
    }
  }
  // A site header, unlike an article's own, is furniture.
  for (const header of Array.from(page.querySelectorAll('header'))) {
    if (!header.parentElement?.closest('article, main, [role="main"]')) header.remove()
  }
  for (const element of Array.from(page.querySelectorAll('*'))) {
    for (const name of element.getAttributeNames()) {
      if (/^on/i.test(name) || name === 'style') element.removeAttribute(name)
    }
  }
  for (const link of Array.from(page.querySelectorAll('a[href]'))) {
    const href = resolveHref(link.getAttribute('href')!, base)
    if (href === null) link.removeAttribute('href')
    else link.setAttribute('href', href)
  }
  for (const pre of Array.from(page.querySelectorAll('pre'))) codeLines(page, pre)
  let order = 0
  for (const element of Array.from(page.querySelectorAll('body *'))) {
    element.setAttribute(orderAttr, String(order++))
  }
  for (const heading of Array.from(page.querySelectorAll(headingTags))) {
    heading.setAttribute(levelAttr, heading.tagName.slice(1))
  }
}

function resolveHref(href: string, base: string | undefined): string | null {
  try {
    return safeHref(new URL(href.trim(), base).href)
  } catch {
    return null
  }
}

/** A <pre> as a paragraph of code-marked lines joined by line breaks, as the Markdown importer does. */
function codeLines(page: Document, pre: Element): void {
  const paragraph = page.createElement('p')
  paragraph.setAttribute(preAttr, '')
  const lines = (pre.textContent ?? '').replace(/\n$/, '').split('\n')
  lines.forEach((line, i) => {
    if (i > 0) paragraph.append(page.createElement('br'))
    const code = page.createElement('code')
    code.textContent = line
    paragraph.append(code)
  })
  pre.replaceWith(paragraph)
}

/**
 * The article Readability finds in a copy of the prepared page, with the headings it dropped
 * put back where they stood: those among the article's blocks, and the title heading it takes
 * out when the title heading precedes the article. Null when it finds no text.
 */
function readable(page: Document, title: string | undefined): Element | null {
  const copy = parseHTML(page.documentElement.outerHTML).document
  const article = new Readability<Element | null | undefined>(copy, {
    serializer: (node) => node as Element,
  }).parse()
  const content = article?.content
  if (!content || (content.textContent ?? '').trim() === '') return null
  const kept = Array.from(content.querySelectorAll(`[${orderAttr}]`)).map(orderOf)
  if (kept.length === 0) return content
  const [firstKept, lastKept] = [Math.min(...kept), Math.max(...kept)]
  const wanted = normalized(article?.title || title || '')
  const present = new Set(kept)
  const headings = Array.from(page.querySelectorAll(headingTags)).filter(
    (h) => !present.has(orderOf(h)),
  )
  const titleHeading = headings
    .filter((h) => orderOf(h) < firstKept && wanted !== '' && similar(h.textContent, wanted))
    .pop()
  for (const heading of headings) {
    const order = orderOf(heading)
    const inside = order > firstKept && order < lastKept
    if (!inside && heading !== titleHeading) continue
    const next = Array.from(content.querySelectorAll(`[${orderAttr}]`)).find(
      (e) => orderOf(e) > order,
    )
    const restored = copy.createElement(heading.tagName)
    for (const name of heading.getAttributeNames()) {
      restored.setAttribute(name, heading.getAttribute(name)!)
    }
    restored.innerHTML = heading.innerHTML
    if (next) next.before(restored)
    else content.append(restored)
  }
  return content
}

function orderOf(element: Element): number {
  return Number(element.getAttribute(orderAttr))
}

function normalized(text: string | null): string {
  return (text ?? '').replace(/\s+/g, ' ').trim().toLowerCase()
}

/** Whether a heading's text is the title (or the title with a site name, or part of it). */
function similar(text: string | null, title: string): boolean {
  const heading = normalized(text)
  return heading !== '' && (title.includes(heading) || heading.includes(title))
}

/** Renames a heading Readability renamed (h1 to h2) back to its level in the page. */
function restoreLevel(heading: Element): void {
  const level = Number(heading.getAttribute(levelAttr))
  if (!(level >= 1 && level <= 6) || heading.tagName === `H${level}`) return
  const renamed = heading.ownerDocument.createElement(`h${level}`)
  renamed.append(...Array.from(heading.childNodes))
  heading.replaceWith(renamed)
}

/** The document without empty textblocks (and containers they leave invalid); null when empty. */
function withoutEmptyBlocks(doc: Node): Node | null {
  const clean = (node: Node): Node | null => {
    if (node.isTextblock) return textblockText(node).trim() === '' ? null : node
    if (node.isLeaf) return node
    const children: Node[] = []
    node.forEach((child) => {
      const kept = clean(child)
      if (kept) children.push(kept)
    })
    const content = Fragment.fromArray(children)
    if (children.length === 0 || !node.type.validContent(content)) return null
    return node.copy(content)
  }
  const cleaned = clean(doc)
  // A document of rules and nothing else has no text either.
  return cleaned && textblockText(cleaned).trim() !== '' ? cleaned : null
}

function firstHeading(doc: Node): string | undefined {
  let found: string | undefined
  doc.descendants((node) => {
    if (found !== undefined) return false
    if (node.type.name === 'heading') found = textblockText(node).trim() || undefined
    return !node.isTextblock
  })
  return found
}
