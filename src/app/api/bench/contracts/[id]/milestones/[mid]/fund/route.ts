import { notFound, writeFloor } from '../../../../../floor'

export const dynamic = 'force-dynamic'

export const POST = writeFloor('fund')
export const GET = notFound
export const PUT = notFound
export const PATCH = notFound
export const DELETE = notFound
