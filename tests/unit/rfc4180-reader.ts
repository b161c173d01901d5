/**
 * A small, strict RFC 4180 reader, written from the RFC's grammar and independent of the encoder:
 * records end with CRLF, a field is either plain (no comma, quote, CR or LF) or quoted with inner
 * quotes doubled. Anything else throws, so a sloppy encoder cannot pass the round trip.
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = []
  let i = 0
  while (i < text.length) {
    const record: string[] = []
    for (;;) {
      let field = ''
      if (text[i] === '"') {
        i += 1
        for (;;) {
          if (i >= text.length) throw new Error('unterminated quoted field')
          if (text[i] === '"') {
            if (text[i + 1] === '"') {
              field += '"'
              i += 2
              continue
            }
            i += 1
            break
          }
          field += text[i]
          i += 1
        }
      } else {
        while (i < text.length && !/[",\r\n]/.test(text[i]!)) field += text[i++]
        if (text[i] === '"' || (text[i] === '\r' && text[i + 1] !== '\n') || text[i] === '\n') throw new Error(`bare ${JSON.stringify(text[i])} at ${i}`)
      }
      record.push(field)
      if (text[i] === ',') {
        i += 1
        continue
      }
      if (text.startsWith('\r\n', i)) {
        i += 2
        break
      }
      throw new Error(`expected a comma or CRLF at ${i}`)
    }
    records.push(record)
  }
  return records
}
