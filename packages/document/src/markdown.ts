/**
 * Imports a brief written as Markdown with YAML front matter: the body becomes a ProseMirror
 * document in our schema, the front matter its CSL-JSON record.
 */
import MarkdownIt from 'markdown-it'
import type Token from 'markdown-it/lib/token.mjs'
import { MarkdownParser } from 'prosemirror-markdown'
import { parse as parseYaml } from 'yaml'
import { type CslDate, type CslItem, type CslName, cslDateFields, cslNameFields } from './csl'
import type { ImportedDocument } from './importing'
import { schema } from './schema'
import { textblockText } from './text'

const nameFields = new Set<string>(cslNameFields)
const dateFields = new Set<string>(cslDateFields)

/** A name written as a string: 'Family, Given' or a literal (an institution). */
function cslName(value: unknown): unknown {
  if (typeof value !== 'string') return value
  const comma = value.indexOf(',')
  if (comma < 0) return { literal: value.trim() } satisfies CslName
  return {
    family: value.slice(0, comma).trim(),
    given: value.slice(comma + 1).trim(),
  } satisfies CslName
}

/** A date written as a year or an ISO date ('2024', '2024-05', '2024-05-01'); objects stay as given. */
function cslDate(value: unknown): unknown {
  if (typeof value === 'number') return { 'date-parts': [[value]] } satisfies CslDate
  if (typeof value !== 'string') return value
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value.trim())
  if (!match) return { raw: value } satisfies CslDate
  const parts = match
    .slice(1)
    .filter((p): p is string => p !== undefined)
    .map(Number)
  return { 'date-parts': [parts] } satisfies CslDate
}

/** Front matter -> CSL record fields; names and dates written as strings become CSL objects. */
function recordFrom(front: unknown): Partial<CslItem> {
  if (front === null || front === undefined) return {}
  if (typeof front !== 'object' || Array.isArray(front)) {
    throw new Error('front matter must be a YAML mapping of CSL-JSON fields')
  }
  const record: Record<string, unknown> = {}
  for (const [field, value] of Object.entries(front)) {
    if (nameFields.has(field)) {
      record[field] = (Array.isArray(value) ? value : [value]).map(cslName)
    } else if (dateFields.has(field)) {
      record[field] = cslDate(value)
    } else {
      record[field] = value
    }
  }
  return record as Partial<CslItem>
}

const frontMatter = /^\uFEFF?---[ \t]*\r?\n(?:([\s\S]*?)\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/

/** Splits `---` fenced YAML front matter from the body. */
function splitFrontMatter(source: string): { front: unknown; body: string } {
  const match = frontMatter.exec(source)
  if (!match) return { front: null, body: source }
  return { front: parseYaml(match[1] ?? ''), body: source.slice(match[0].length) }
}

/**
 * Rewrites tokens our schema has no node for: a code block becomes a paragraph of code-marked
 * lines joined by hard breaks, an image becomes its alt text.
 */
function plainTokens(md: MarkdownIt): void {
  md.core.ruler.push('warrant_plain', (state) => {
    const out: Token[] = []
    for (const token of state.tokens) {
      if (token.type === 'code_block' || token.type === 'fence') {
        const open = new state.Token('paragraph_open', 'p', 1)
        const inline = new state.Token('inline', '', 0)
        inline.children = []
        token.content
          .replace(/\n$/, '')
          .split('\n')
          .forEach((line, i) => {
            if (i > 0) inline.children!.push(new state.Token('hardbreak', 'br', 0))
            const code = new state.Token('code_inline', 'code', 0)
            code.content = line
            inline.children!.push(code)
          })
        out.push(open, inline, new state.Token('paragraph_close', 'p', -1))
        continue
      }
      if (token.type === 'inline' && token.children) {
        token.children = token.children.map((child) => {
          if (child.type !== 'image') return child
          const alt = new state.Token('text', '', 0)
          alt.content = md.renderer.renderInlineAsText(child.children ?? [], md.options, {})
          return alt
        })
      }
      out.push(token)
    }
    state.tokens = out
  })
}

/** A list is tight when markdown-it hid its paragraphs (as prosemirror-markdown decides it). */
function listIsTight(tokens: Token[], i: number): boolean {
  for (let j = i + 1; j < tokens.length; j++) {
    if (tokens[j]!.type !== 'list_item_open') return tokens[j]!.hidden
  }
  return false
}

// CommonMark only (no tables); raw HTML is never parsed into the document.
const tokenizer = new MarkdownIt('commonmark', { html: false })
plainTokens(tokenizer)

const parser = new MarkdownParser(schema, tokenizer, {
  blockquote: { block: 'blockquote' },
  paragraph: { block: 'paragraph' },
  list_item: { block: 'list_item' },
  bullet_list: {
    block: 'bullet_list',
    getAttrs: (_, tokens, i) => ({ tight: listIsTight(tokens, i) }),
  },
  ordered_list: {
    block: 'ordered_list',
    getAttrs: (tok, tokens, i) => ({
      order: Number(tok.attrGet('start') ?? 1),
      tight: listIsTight(tokens, i),
    }),
  },
  heading: { block: 'heading', getAttrs: (tok) => ({ level: Number(tok.tag.slice(1)) }) },
  hr: { node: 'horizontal_rule' },
  hardbreak: { node: 'hard_break' },
  em: { mark: 'em' },
  strong: { mark: 'strong' },
  link: {
    mark: 'link',
    getAttrs: (tok) => ({ href: tok.attrGet('href') ?? '', title: tok.attrGet('title') || null }),
  },
  code_inline: { mark: 'code', noCloseToken: true },
})

/** Parses Markdown with optional YAML front matter; without a front-matter title, the first heading is the title. */
export function parseMarkdown(source: string): ImportedDocument {
  const { front, body } = splitFrontMatter(source)
  const record = recordFrom(front)
  const doc = parser.parse(body)
  if (record.title === undefined) {
    let title: string | undefined
    doc.descendants((node) => {
      if (title !== undefined) return false
      if (node.type.name === 'heading') title = textblockText(node).trim()
      return !node.isTextblock
    })
    if (title) record.title = title
  }
  return { doc, record }
}
