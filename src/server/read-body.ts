import 'server-only'
import { invalidInput } from './errors'

/**
 * Reads a request body, refusing it (422 VALIDATION_FAILED, as every malformed input) as soon as it
 * passes `maxBytes`: a declared Content-Length over the cap is refused before reading, and a
 * chunked or lying body is cut off mid-stream, so no request makes the server hold more than the
 * cap in memory. Runs before any parsing, and on the sign-in routes before authentication.
 */
export async function readBodyWithCap(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN)
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes)
  if (!request.body) return new Uint8Array(new ArrayBuffer(0))
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > maxBytes) {
      // Stop the upload here; what was read so far is dropped.
      await reader.cancel().catch(() => {})
      throw tooLarge(maxBytes)
    }
    chunks.push(value)
  }
  const body = new Uint8Array(new ArrayBuffer(size))
  let offset = 0
  for (const chunk of chunks) {
    body.set(chunk, offset)
    offset += chunk.byteLength
  }
  return body
}

function tooLarge(maxBytes: number) {
  const limit = maxBytes >= 1024 * 1024 ? `${maxBytes / (1024 * 1024)} MB` : `${maxBytes / 1024} KB`
  return invalidInput(`The request body is too large: at most ${limit} is accepted.`)
}
