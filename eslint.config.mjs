import nextVitals from 'eslint-config-next/core-web-vitals'
import nextTs from 'eslint-config-next/typescript'

/**
 * Layering (CONVENTIONS.md): imports point inward, app → server → domain.
 * The domain is pure: no framework, no database, no I/O, no clock or randomness of its own.
 */
const domainRestrictions = {
  patterns: [
    { group: ['@/server/*', '@/app/*', '@/generated/*', '**/server/**', '**/app/**', '**/generated/**'], message: 'src/domain is pure: it imports nothing of src/server, src/app or Prisma.' },
    { group: ['@prisma/*', 'prisma', 'next', 'next/*', 'next-auth', 'next-auth/*', 'react', 'react-dom', 'pg', 'nodemailer', 'zod'], message: 'src/domain imports no framework, database or I/O library.' },
    { group: ['node:*', 'fs', 'fs/*', 'path', 'http', 'https', 'net', 'child_process', 'crypto', 'os'], message: 'src/domain does no I/O; pass what it needs in.' },
  ],
}

const serverRestrictions = {
  patterns: [{ group: ['@/app/*', '**/app/**'], message: 'src/server must not import src/app (imports point inward).' }],
}

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: ['node_modules/**', '.next/**', '.data/**', 'coverage/**', 'src/generated/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts'],
  },
  {
    rules: {
      '@typescript-eslint/consistent-type-definitions': ['error', 'type'],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', domainRestrictions],
      'no-restricted-globals': ['error', { name: 'process', message: 'src/domain reads no environment.' }],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'src/domain takes its randomness from ctx.newId.' },
        { object: 'Date', property: 'now', message: 'src/domain takes the time from ctx.now.' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'src/domain takes the time from ctx.now.' },
      ],
    },
  },
  {
    files: ['src/server/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', serverRestrictions] },
  },
]

export default config
