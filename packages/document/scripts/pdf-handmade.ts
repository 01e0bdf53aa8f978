/**
 * Bytes pdf-lib cannot make for the PDF fixtures: a password-protected PDF (pdf-lib does not
 * encrypt) written by hand, and a small grayscale PNG for the "scanned" pages.
 */
import { createHash } from 'node:crypto'
import { deflateSync } from 'node:zlib'

/** Deterministic bytes from a label (the fixtures must come out the same on every run). */
function bytesOf(label: string, length: number): Buffer {
  return createHash('sha256').update(label).digest().subarray(0, length)
}

/**
 * A one-page PDF whose trailer names a Standard security handler (RC4, revision 2) with a user
 * password. Its /O and /U entries are not derived from the empty password, so a reader that
 * tries the empty password (as pdfjs does) is refused and must ask for one.
 */
export function encryptedPdf(): Uint8Array {
  const hex = (b: Buffer) => `<${b.toString('hex')}>`
  const content = bytesOf('warrant encrypted content', 32)
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>',
    `<< /Length ${content.length} >>\nstream\n${content.toString('latin1')}\nendstream`,
    `<< /Filter /Standard /V 1 /R 2 /O ${hex(bytesOf('warrant owner', 32))} /U ${hex(bytesOf('warrant user', 32))} /P -3904 >>`,
  ]
  let body = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n'
  const offsets: number[] = []
  objects.forEach((object, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'))
    body += `${i + 1} 0 obj\n${object}\nendobj\n`
  })
  const xref = Buffer.byteLength(body, 'latin1')
  const id = hex(bytesOf('warrant id', 16))
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Encrypt 5 0 R /ID [${id} ${id}] >>\n`
  body += `startxref\n${xref}\n%%EOF\n`
  return new Uint8Array(Buffer.from(body, 'latin1'))
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

function crc32(bytes: Buffer): number {
  let c = 0xffffffff
  for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(typed))
  return Buffer.concat([length, typed, crc])
}

/** An 8-bit grayscale PNG whose pixels `shade(x, y)` gives (0 black .. 255 white). */
export function grayPng(width: number, height: number, shade: (x: number, y: number) => number) {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header.set([8, 0, 0, 0, 0], 8)
  const rows = Buffer.alloc((width + 1) * height)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) rows[y * (width + 1) + 1 + x] = shade(x, y)
  }
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', header),
      chunk('IDAT', deflateSync(rows)),
      chunk('IEND', Buffer.alloc(0)),
    ]),
  )
}
