import { errorResponse } from '@/server/http'

/**
 * Any /api path that no route serves: the API's 404 error body instead of Next.js's HTML
 * not-found page, so a client of the JSON API gets JSON for every error (PRODUCT.md, Errors). A
 * path that URL normalisation rewrote (`/api/contracts/../x`) lands here too. It reveals nothing,
 * so it answers the same whoever asks, signed in or not.
 */
function notFound(): Response {
  return errorResponse('NOT_FOUND', 'No such API route.')
}

export const GET = notFound
export const POST = notFound
export const PUT = notFound
export const PATCH = notFound
export const DELETE = notFound
