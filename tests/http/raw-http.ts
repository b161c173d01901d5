import net from 'node:net'

export type RawRequest = { method: string; path: string; headers: Record<string, string>; body?: string }
export type RawResponse = { status: number; headers: Headers; text: string }

/**
 * One HTTP/1.1 request written byte for byte on its own connection, as a hostile client could
 * send it: the path exactly as given (no `..` resolved, no re-encoding) and header values exactly
 * as given (Node's own client refuses some, e.g. a DEL character; a server must cope with them).
 * Header values are written as Latin-1, the body as UTF-8.
 */
/**
 * The API's body cap (src/app/api/route-handler.ts): a body declared larger is refused before the
 * server reads any of it, so sending it again cannot change anything.
 */
const BODY_CAP_BYTES = 4 * 1024 * 1024

/**
 * A server that refuses a body it never reads answers and closes while the client is still
 * writing; the closing can reset the connection before the answer is read (EPIPE, ECONNRESET).
 * Such a request is sent again, a few times, for the answer it gets; any other request once.
 */
export async function rawHttp(base: URL, request: RawRequest): Promise<RawResponse> {
  const unread = request.body !== undefined && Buffer.byteLength(request.body, 'utf8') > BODY_CAP_BYTES
  for (let attempt = 1; ; attempt++) {
    try {
      return await rawHttpOnce(base, request)
    } catch (error) {
      const reset = /EPIPE|ECONNRESET/.test((error as { code?: string }).code ?? '')
      if (!unread || !reset || attempt >= 5) throw error
    }
  }
}

function rawHttpOnce(base: URL, request: RawRequest): Promise<RawResponse> {
  const body = request.body === undefined ? undefined : Buffer.from(request.body, 'utf8')
  const lines = [`${request.method} ${request.path} HTTP/1.1`, `Host: ${base.host}`, 'Connection: close']
  for (const [name, value] of Object.entries(request.headers)) lines.push(`${name}: ${value}`)
  if (body !== undefined) lines.push(`Content-Length: ${body.length}`)
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1')

  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(base.port), base.hostname)
    const chunks: Buffer[] = []
    socket.on('data', (chunk: Buffer) => chunks.push(chunk))
    // A server may answer (and close) before it has read a large body; the answer is what counts.
    socket.on('error', (error) => (chunks.length > 0 ? socket.destroy() : reject(error)))
    socket.on('close', () => {
      try {
        resolve(parseResponse(Buffer.concat(chunks)))
      } catch (error) {
        reject(error)
      }
    })
    socket.write(head)
    if (body !== undefined) socket.write(body)
  })
}

function parseResponse(raw: Buffer): RawResponse {
  const end = raw.indexOf('\r\n\r\n')
  if (end < 0) throw new Error(`incomplete HTTP response: ${JSON.stringify(raw.toString('latin1').slice(0, 200))}`)
  const [statusLine, ...headerLines] = raw.subarray(0, end).toString('latin1').split('\r\n')
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '')?.[1])
  if (!Number.isInteger(status)) throw new Error(`not an HTTP status line: ${statusLine}`)
  const headers = new Headers()
  for (const line of headerLines) {
    const colon = line.indexOf(':')
    headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim())
  }
  let body = raw.subarray(end + 4)
  if (/chunked/i.test(headers.get('transfer-encoding') ?? '')) body = decodeChunked(body)
  return { status, headers, text: body.toString('utf8') }
}

/** The payload of a `Transfer-Encoding: chunked` body: size lines in hex, each followed by its bytes. */
function decodeChunked(body: Buffer): Buffer {
  const parts: Buffer[] = []
  let at = 0
  for (;;) {
    const lineEnd = body.indexOf('\r\n', at)
    if (lineEnd < 0) throw new Error('truncated chunked body')
    const size = Number.parseInt(body.subarray(at, lineEnd).toString('latin1'), 16)
    if (!Number.isInteger(size)) throw new Error('bad chunk size')
    if (size === 0) return Buffer.concat(parts)
    parts.push(body.subarray(lineEnd + 2, lineEnd + 2 + size))
    at = lineEnd + 2 + size + 2
  }
}
