import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

// The import direction of CONVENTIONS.md is guarded by the linter; prove the guard bites.
const eslint = new ESLint()

async function ruleIdsFor(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return (result?.messages ?? []).map((m) => m.ruleId ?? 'parse-error')
}

// The first lint loads the whole Next/TypeScript config (~4 s alone), more when the unit suite runs
// in parallel, so the default 5 s timeout is too tight.
describe('layering lint rules', { timeout: 30_000 }, () => {
  it.each([
    ["import { PrismaClient } from '@prisma/client'\nexport const x = PrismaClient", 'Prisma'],
    ["import { getDb } from '@/server/db/client'\nexport const x = getDb", 'src/server'],
    ["import { readFile } from 'node:fs/promises'\nexport const x = readFile", 'Node I/O'],
    ["import { NextResponse } from 'next/server'\nexport const x = NextResponse", 'Next.js'],
  ])('refuses %s in src/domain (%s)', async (code) => {
    expect(await ruleIdsFor(code, 'src/domain/bad.ts')).toContain('no-restricted-imports')
  })

  it('refuses the clock and randomness in src/domain', async () => {
    expect(await ruleIdsFor('export const a = Date.now()', 'src/domain/bad.ts')).toContain('no-restricted-properties')
    expect(await ruleIdsFor('export const a = new Date()', 'src/domain/bad.ts')).toContain('no-restricted-syntax')
    expect(await ruleIdsFor('export const a = Math.random()', 'src/domain/bad.ts')).toContain('no-restricted-properties')
    expect(await ruleIdsFor('export const a = process.env.X', 'src/domain/bad.ts')).toContain('no-restricted-globals')
  })

  it('refuses src/app in src/server, and allows the inward direction', async () => {
    expect(await ruleIdsFor("import x from '@/app/page'\nexport const y = x", 'src/server/bad.ts')).toContain('no-restricted-imports')
    expect(await ruleIdsFor("import { ok } from '@/domain/errors'\nexport const y = ok", 'src/server/good.ts')).not.toContain('no-restricted-imports')
  })
})
