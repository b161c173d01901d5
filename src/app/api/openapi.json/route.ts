import { buildOpenApiDocument } from '../openapi'

// Public on purpose: the document describes the API, not anyone's data.
let document: Record<string, unknown> | undefined

export function GET(): Response {
  document ??= buildOpenApiDocument()
  return Response.json(document, { headers: { 'Cache-Control': 'public, max-age=300' } })
}
