import 'server-only'
import { getDb } from './db/client'

/** True when the database answers a trivial query within the pool's timeouts. */
export async function isDatabaseReachable(): Promise<boolean> {
  try {
    await getDb().$queryRaw`SELECT 1`
    return true
  } catch (error) {
    console.warn('[health] database unreachable:', (error as Error).message)
    return false
  }
}
