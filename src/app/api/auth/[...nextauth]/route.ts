import NextAuth from 'next-auth'
import { NextRequest } from 'next/server'
import { guardAuthPost } from '@/server/auth/auth-post-guard'
import { getAuthOptions } from '@/server/auth/options'
import { getDb } from '@/server/db/client'
import { getEnv } from '@/server/env'

type Context = { params: Promise<{ nextauth: string[] }> }

export function GET(request: NextRequest, context: Context) {
  return NextAuth(request, context, getAuthOptions())
}

/** Same-origin check, body cap and sign-in rate limits first (guardAuthPost), then next-auth on a copy of the body. */
export async function POST(request: NextRequest, context: Context) {
  const guarded = await guardAuthPost(request, (await context.params).nextauth, { db: getDb(), env: getEnv() })
  if (guarded instanceof Response) return guarded
  const copy = new NextRequest(request.url, { method: 'POST', headers: request.headers, body: guarded.body })
  return NextAuth(copy, context, getAuthOptions())
}
