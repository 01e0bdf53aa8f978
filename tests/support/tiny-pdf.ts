/**
 * Hand-made one-page PDFs for the refusal tests: one whose page draws a line of text in a
 * standard font, one whose page draws nothing (as a scan without its image would), and a
 * file that starts like a PDF and is cut off, written byte by byte so no library decides
 * what they contain.
 */

/** A one-page PDF drawing `text` in Helvetica, or drawing nothing when `text` is null. */
export function tinyPdf(text: string | null): Uint8Array<ArrayBuffer> {
  const stream =
    text === null ? '' : `BT /F1 12 Tf 72 720 Td (${text.replace(/[()\\]/g, '\\$&')}) Tj ET`
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R ' +
      '/Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ]
  let body = '%PDF-1.4\n'
  const offsets: number[] = []
  objects.forEach((object, i) => {
    offsets.push(body.length)
    body += `${i + 1} 0 obj\n${object}\nendobj\n`
  })
  const xref = body.length
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  return new TextEncoder().encode(body)
}

/** The first half of a PDF: it starts as one and stops before its end. */
export function truncatedPdf(): Uint8Array<ArrayBuffer> {
  const whole = tinyPdf('Cut off before the end')
  return whole.slice(0, Math.floor(whole.length / 2))
}
