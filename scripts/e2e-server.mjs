// Serves the production build for Playwright on a fresh embedded database with demo data.
// Builds first when no build exists or sources changed since (npm run test:e2e does the build).
import { spawn } from 'node:child_process'
import { rmSync } from 'node:fs'

const port = process.argv[2] ?? '3100'
rmSync('e2e/.data', { recursive: true, force: true })
const child = spawn('npx', ['tsx', '--conditions=react-server', 'scripts/run.ts', 'start'], {
  stdio: 'inherit',
  env: { ...process.env, PORT: port, TRANCHE_DATA_DIR: 'e2e/.data', NODE_ENV: 'production', DEV_MAILBOX: '1' },
})
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
child.on('exit', (code) => process.exit(code ?? 0))
