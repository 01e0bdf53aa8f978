/**
 * The ProseMirror schema of a brief: the blocks and marks an analytical document
 * needs (headings, paragraphs, lists, quotes, links, emphasis) and nothing that
 * would make its canonical plain text ambiguous.
 */
import { type MarkSpec, type Node, type NodeSpec, Schema } from 'prosemirror-model'
import { safeHref } from './links'

// The page of the source a textblock came from (a PDF's), or null: the page locator of citations.
const page = { default: null, validate: 'number|null' }

function pageOf(dom: HTMLElement): number | null {
  const value = Number(dom.getAttribute('data-page'))
  return Number.isInteger(value) && value > 0 ? value : null
}

function pageAttrs(node: Node): Record<string, string> {
  return node.attrs.page === null ? {} : { 'data-page': String(node.attrs.page) }
}

const nodes: Record<string, NodeSpec> = {
  doc: { content: 'block+' },
  paragraph: {
    attrs: { page },
    content: 'inline*',
    group: 'block',
    parseDOM: [{ tag: 'p', getAttrs: (dom) => ({ page: pageOf(dom) }) }],
    toDOM: (node) => ['p', pageAttrs(node), 0],
  },
  heading: {
    attrs: { level: { default: 1, validate: 'number' }, page },
    content: 'inline*',
    group: 'block',
    defining: true,
    parseDOM: [1, 2, 3, 4, 5, 6].map((level) => ({
      tag: `h${level}`,
      getAttrs: (dom: HTMLElement) => ({ level, page: pageOf(dom) }),
    })),
    toDOM: (node) => [`h${node.attrs.level}`, pageAttrs(node), 0],
  },
  blockquote: {
    content: 'block+',
    group: 'block',
    defining: true,
    parseDOM: [{ tag: 'blockquote' }],
    toDOM: () => ['blockquote', 0],
  },
  horizontal_rule: {
    group: 'block',
    parseDOM: [{ tag: 'hr' }],
    toDOM: () => ['hr'],
  },
  bullet_list: {
    content: 'list_item+',
    group: 'block',
    attrs: { tight: { default: false } },
    parseDOM: [{ tag: 'ul' }],
    toDOM: () => ['ul', 0],
  },
  ordered_list: {
    content: 'list_item+',
    group: 'block',
    attrs: { order: { default: 1, validate: 'number' }, tight: { default: false } },
    parseDOM: [
      {
        tag: 'ol',
        getAttrs: (dom) => ({ order: Number((dom as HTMLElement).getAttribute('start') ?? 1) }),
      },
    ],
    toDOM: (node) => (node.attrs.order === 1 ? ['ol', 0] : ['ol', { start: node.attrs.order }, 0]),
  },
  list_item: {
    content: 'paragraph block*',
    defining: true,
    parseDOM: [{ tag: 'li' }],
    toDOM: () => ['li', 0],
  },
  text: { group: 'inline' },
  hard_break: {
    inline: true,
    group: 'inline',
    selectable: false,
    parseDOM: [{ tag: 'br' }],
    toDOM: () => ['br'],
  },
}

const marks: Record<string, MarkSpec> = {
  em: {
    parseDOM: [{ tag: 'i' }, { tag: 'em' }, { style: 'font-style=italic' }],
    toDOM: () => ['em', 0],
  },
  strong: {
    parseDOM: [{ tag: 'strong' }, { tag: 'b' }, { style: 'font-weight=bold' }],
    toDOM: () => ['strong', 0],
  },
  link: {
    attrs: { href: { validate: 'string' }, title: { default: null } },
    inclusive: false,
    parseDOM: [
      {
        tag: 'a[href]',
        // A pasted link to anything but the web or mail keeps its text and loses the link.
        getAttrs: (dom) => {
          const href = safeHref((dom as HTMLElement).getAttribute('href') ?? '')
          return href === null ? false : { href, title: (dom as HTMLElement).getAttribute('title') }
        },
      },
    ],
    // Links open outside the reading surface and never carry the opener along. The address is
    // checked again here, because a collaborator can write a mark straight into the Y.Doc.
    toDOM: (mark) => [
      'a',
      {
        href: safeHref(String(mark.attrs.href)) ?? undefined,
        title: mark.attrs.title,
        rel: 'noopener noreferrer nofollow',
      },
      0,
    ],
  },
  code: {
    parseDOM: [{ tag: 'code' }],
    toDOM: () => ['code', 0],
  },
}

/** The schema every Warrant document is written in. */
export const schema = new Schema({ nodes, marks })
