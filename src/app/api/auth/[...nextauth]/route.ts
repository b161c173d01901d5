import NextAuth from 'next-auth'
import type { NextRequest } from 'next/server'
import { getDb } from '@/server/db/client'
import { getAuthOptions } from '@/server/auth/options'
import { refuseSignInIfRateLimited } from '@/server/auth/sign-in-rate-limit'

type Context = { params: Promise<{ nextauth: string[] }> }

function handleAuth(request: NextRequest, context: Context): Promise<Response> {
  return NextAuth(request, context, getAuthOptions())
}

export function GET(request: NextRequest, context: Context) {
  return handleAuth(request, context)
}

/** Magic-link requests are rate-limited per email and per IP before next-auth sees them. */
export async function POST(request: NextRequest, context: Context) {
  const { nextauth } = await context.params
  if (nextauth[0] === 'signin' && nextauth[1] === 'email') {
    const refused = await refuseSignInIfRateLimited(request, { db: getDb() })
    if (refused) return refused
  }
  return handleAuth(request, context)
}
