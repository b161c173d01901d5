// One target of `npm run bench:citus`: migrates the database named by BENCH_DATABASE_URL (and
// distributes it by contract when BENCH_DISTRIBUTE=1), seeds it, starts the production build on it
// and measures the workspace read and the fund → release cycle exactly as `npm run bench` does.
// Prints one JSON line with the figures. Run by bench/citus.ts, once per target.
import { execFileSync, type ChildProcess } from 'node:child_process'
import type { Cents } from '@/domain/money'
import type { PlanEntry } from '@/domain/types'
import { createContract } from '@/server/contracts/create-contract'
import { getContract } from '@/server/contracts/get-contract'
import { getDb } from '@/server/db/client'
import { distribute } from '@/server/db/distribute'
import { migrate } from '@/server/db/migrate'
import { appEnv, cannon, CONNECTIONS, mintSessionCookie, fundReleaseCycle, PORT as BENCH_PORT, startApp } from './app'

const databaseUrl = process.env.BENCH_DATABASE_URL
if (!databaseUrl) throw new Error('BENCH_DATABASE_URL is required')
// Next to `npm run bench`'s port, so the two can run side by side.
const PORT = BENCH_PORT + 1
const env = appEnv(databaseUrl, PORT)
Object.assign(process.env, env, { NODE_ENV: 'test' })

let app: ChildProcess | undefined
try {
  await migrate({ connectionString: databaseUrl, migrationsDir: 'prisma/migrations' })
  if (process.env.BENCH_DISTRIBUTE === '1') await distribute(databaseUrl)
  execFileSync(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'prisma/seed.ts'], { stdio: 'ignore', env })
  const alice = { userId: (await getDb().user.findUniqueOrThrow({ where: { email: 'alice@example.com' } })).id }
  const plan = (n: number, prefix: string): PlanEntry[] =>
    Array.from({ length: n }, (_, i) => ({ title: `${prefix} ${i + 1}`, amountCents: (1_000 + i) as Cents, description: '', dueDate: null }))
  const small = await createContract({ actor: alice, title: 'Bench read', expertEmail: 'bob@example.com', milestones: plan(10, 'Task') })
  const cycles = []
  for (let i = 0; i < CONNECTIONS; i += 1) {
    cycles.push(await createContract({ actor: alice, title: `Bench cycle ${i}`, expertEmail: 'bob@example.com', milestones: plan(40, 'Part') }))
  }
  const views = await Promise.all(cycles.map((c) => getContract({ actor: alice, contractId: c.id })))

  app = await startApp(env, PORT)
  const baseUrl = `http://127.0.0.1:${PORT}`
  const cookie = await mintSessionCookie(env, 'alice@example.com')
  const read = await cannon(`${baseUrl}/api/contracts/${small.id}`, cookie)
  const cycle = await fundReleaseCycle(baseUrl, cookie, views)
  console.log(JSON.stringify({ read, cycle }))
} finally {
  app?.kill('SIGTERM')
  await getDb().$disconnect()
}
