/**
 * Removes page furniture from a PDF's rows: running headers and footers (the same text at the
 * top or bottom of most pages) and page numbers, which belong to the printed page, not the text.
 */
import type { PdfRow } from './pdf-lines'

/** The rows of one page and its height in points. */
export interface PdfPageRows {
  number: number
  height: number
  rows: PdfRow[]
}

// Only rows this close to the top or bottom edge (a fraction of the page height) can be furniture.
const EDGE_ZONE = 0.15
// ...and only the first or last few rows of the page.
const EDGE_ROWS = 3
// A text is running furniture when it repeats at an edge on at least this share of the pages.
const REPEAT_SHARE = 0.5

const pageNumber =
  /^(?:(?:page|p\.|pg\.?)\s*)?[-–—]?\s*(?:\d{1,4}|[ivxlcdm]{1,7})\s*[-–—]?(?:\s*(?:of|\/)\s*\d{1,4})?$/i

/** Whether a row's text is only a page number: "7", "Page 7", "7 of 12", "- 7 -", "vii". */
export function isPageNumber(text: string): boolean {
  return pageNumber.test(text.trim())
}

/**
 * The text of a row with the parts that change from page to page (numbers) made equal, and
 * its size: a title set large on page 1 is not the running head that repeats it small.
 */
function furnitureKey(row: PdfRow): string {
  const size = Math.round(Math.max(...row.lines.map((line) => line.size)))
  // A closing roman page number ("Preface vii") counts as a number, a closing "c" or "d" not.
  const text = row.text
    .toLowerCase()
    .replace(/\d+/g, '#')
    .replace(/\b(?:[ivx]|[ivxlcdm]{2,7})\b(?=\s*$)/, '#')
    .replace(/\s+/g, ' ')
    .trim()
  return `${size}pt ${text}`
}

/** The rows of a page near its top or bottom edge, where headers, footers and page numbers sit. */
function edgeRows(page: PdfPageRows): PdfRow[] {
  const zone = EDGE_ZONE * page.height
  const top = page.rows.slice(0, EDGE_ROWS).filter((row) => row.y <= zone)
  const bottom = page.rows.slice(-EDGE_ROWS).filter((row) => row.y >= page.height - zone)
  return [...new Set([...top, ...bottom])]
}

/** The number a row starts or ends with ("Chapter 2: Naming 13" -> 13), if any. */
function edgeNumber(text: string): number | null {
  const match = /^(\d{1,4})\b|\b(\d{1,4})$/.exec(text.trim())
  return match ? Number(match[1] ?? match[2]) : null
}

/**
 * Running heads that change with the chapter ("Chapter 2: Naming 13") do not repeat, but
 * their numbers count up with the pages: the first or last row of a page whose number is
 * the page's index less an offset shared by at least three pages (and a third of them).
 */
function numberedHeads(pages: readonly PdfPageRows[]): Set<PdfRow> {
  const candidates: Array<{ row: PdfRow; key: string }> = []
  for (const page of pages) {
    const zone = EDGE_ZONE * page.height
    const first = page.rows[0]
    const last = page.rows[page.rows.length - 1]
    for (const [row, where] of [
      [first, 'top'],
      [last, 'bottom'],
    ] as const) {
      if (!row || (where === 'top' ? row.y > zone : row.y < page.height - zone)) continue
      const n = edgeNumber(row.text)
      if (n !== null) candidates.push({ row, key: `${where} ${page.number - n}` })
    }
  }
  const counts = new Map<string, number>()
  for (const { key } of candidates) counts.set(key, (counts.get(key) ?? 0) + 1)
  const needed = Math.max(3, Math.ceil(pages.length / 3))
  return new Set(candidates.filter(({ key }) => counts.get(key)! >= needed).map(({ row }) => row))
}

/**
 * Drops every edge row that is a page number, a running head numbered with the pages, or
 * whose text (numbers aside) repeats at the edges of at least half the pages (two at least);
 * returns the pages with the rows that remain.
 */
export function removeFurniture(pages: readonly PdfPageRows[]): PdfPageRows[] {
  const edges = new Map<PdfPageRows, PdfRow[]>(pages.map((page) => [page, edgeRows(page)]))
  const pagesWithKey = new Map<string, number>()
  for (const rows of edges.values()) {
    for (const key of new Set(rows.map(furnitureKey))) {
      pagesWithKey.set(key, (pagesWithKey.get(key) ?? 0) + 1)
    }
  }
  const pagesWithText = pages.filter((page) => page.rows.length > 0).length
  const needed = Math.max(2, Math.ceil(REPEAT_SHARE * pagesWithText))
  const heads = numberedHeads(pages)
  return pages.map((page) => {
    const furniture = new Set(
      edges
        .get(page)!
        .filter(
          (row) =>
            isPageNumber(row.text) ||
            heads.has(row) ||
            (pagesWithKey.get(furnitureKey(row)) ?? 0) >= needed,
        ),
    )
    return { ...page, rows: page.rows.filter((row) => !furniture.has(row)) }
  })
}
