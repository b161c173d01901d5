// Runs `prisma generate` on any machine. The Prisma CLI wants its native schema engine before
// generating, but `generate` never runs it; where the engine is not installed (an offline or
// air-gapped machine cannot download it) we point the CLI at a stand-in file. Where the engine
// exists, or PRISMA_SCHEMA_ENGINE_BINARY is set already, nothing is changed.
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const require = createRequire(import.meta.url)
const enginesDir = dirname(require.resolve('@prisma/engines/package.json'))
const hasEngine = readdirSync(enginesDir).some((name) => name.startsWith('schema-engine'))
const env = { ...process.env }
if (!env.PRISMA_SCHEMA_ENGINE_BINARY && !hasEngine) {
  env.PRISMA_SCHEMA_ENGINE_BINARY = existsSync('/bin/false') ? '/bin/false' : process.execPath
}
execFileSync(process.execPath, [join(dirname(require.resolve('prisma/package.json')), 'build/index.js'), 'generate'], {
  stdio: 'inherit',
  env,
})
