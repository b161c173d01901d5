// First-load JavaScript of a page: every <script src> it references, fetched and gzipped.
import { gzipSync } from 'node:zlib'

export async function firstLoadJsGzipBytes(pageUrl: string, cookie: string): Promise<number> {
  const html = await (await fetch(pageUrl, { headers: { cookie } })).text()
  const sources = [...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]!)
  const unique = [...new Set(sources)]
  const sizes = await Promise.all(
    unique.map(async (src) => gzipSync(Buffer.from(await (await fetch(new URL(src, pageUrl))).arrayBuffer())).length),
  )
  return sizes.reduce((a, b) => a + b, 0)
}
