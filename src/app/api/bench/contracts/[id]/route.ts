import { notFound, readFloor } from '../../floor'

export const dynamic = 'force-dynamic'

export const GET = readFloor
export const POST = notFound
export const PUT = notFound
export const PATCH = notFound
export const DELETE = notFound
