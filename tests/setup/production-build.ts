import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Global setup of the suites that drive the production build over HTTP: builds it when there is
 * none or a source file changed since, so `npm test` on a fresh clone runs them instead of failing.
 */
export default function ensureProductionBuild() {
  const built = existsSync('.next/BUILD_ID') ? statSync('.next/BUILD_ID').mtimeMs : 0
  const sources = ['src', 'prisma', 'next.config.ts', 'package-lock.json', 'postcss.config.mjs']
  if (built > 0 && sources.every((path) => newestChange(path) < built)) return
  console.log('Building the app for the HTTP suites (npm run build)...')
  const result = spawnSync('npm', ['run', 'build'], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } })
  if (result.status !== 0) throw new Error('npm run build failed')
}

function newestChange(path: string): number {
  if (!existsSync(path)) return 0
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  // The generated client is rewritten by every build; it follows prisma/schema.prisma.
  if (path === join('src', 'generated')) return 0
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestChange(join(path, name))), stat.mtimeMs)
}
