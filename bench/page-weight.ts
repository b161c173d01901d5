// First-load JavaScript of a page: every <script src> a current browser runs, fetched and gzipped.
import { gzipSync } from 'node:zlib'

/**
 * Scripts marked `nomodule` (Next's legacy-browser polyfills) are skipped: every browser that
 * runs ES modules, which is every browser Next.js supports, neither downloads nor runs them.
 */
export async function firstLoadJsGzipBytes(pageUrl: string, cookie: string): Promise<number> {
  const html = await (await fetch(pageUrl, { headers: { cookie } })).text()
  const tags = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0])
  const sources = tags.filter((tag) => !/\bnomodule\b/i.test(tag)).flatMap((tag) => tag.match(/\bsrc="([^"]+)"/)?.[1] ?? [])
  const unique = [...new Set(sources)]
  const sizes = await Promise.all(
    unique.map(async (src) => gzipSync(Buffer.from(await (await fetch(new URL(src, pageUrl))).arrayBuffer())).length),
  )
  return sizes.reduce((a, b) => a + b, 0)
}
