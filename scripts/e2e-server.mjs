// Serves the production build for Playwright on a fresh embedded database with demo data, as a
// local demo: DEMO_MODE=1 (demo sign-in, and the dev mailbox since no SMTP_URL is set) over plain
// http://localhost, which a production start allows only with ALLOW_INSECURE_HTTP=1 (cookies
// without Secure, or the browser would not send them back over http).
// WEBHOOK_ALLOW_PRIVATE=1 lets the webhook story send to its receiver on loopback (R23).
// npm run test:e2e builds first.
import { spawn } from 'node:child_process'
import { rmSync } from 'node:fs'

const port = process.argv[2] ?? '3100'
rmSync('e2e/.data', { recursive: true, force: true })
const child = spawn('npx', ['tsx', '--conditions=react-server', 'scripts/run.ts', 'start'], {
  stdio: 'inherit',
  env: { ...process.env, PORT: port, TRANCHE_DATA_DIR: 'e2e/.data', NODE_ENV: 'production', DEMO_MODE: '1', ALLOW_INSECURE_HTTP: '1', WEBHOOK_ALLOW_PRIVATE: '1' },
})
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
child.on('exit', (code) => process.exit(code ?? 0))
