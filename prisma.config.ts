import { defineConfig } from 'prisma/config'

// The CLI reads DATABASE_URL only for migrate/db commands; `generate` needs no database.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations', seed: 'tsx prisma/seed.ts' },
  datasource: { url: process.env.DATABASE_URL ?? '' },
})
