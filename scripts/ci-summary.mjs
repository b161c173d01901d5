// Prints one summary line per suite and the total as "N passed, N failed" from the runners'
// JSON reports. A missing report (a suite that never ran) counts as a failure.
import { existsSync, readFileSync } from 'node:fs'

let passed = 0
let failed = 0
let missing = false
for (const file of process.argv.slice(2)) {
  if (!existsSync(file)) {
    console.log(`${file}: missing (the suite did not run)`)
    missing = true
    continue
  }
  const report = JSON.parse(readFileSync(file, 'utf8'))
  // Vitest's JSON reporter has numPassedTests; Playwright's has stats.expected/unexpected/flaky
  // (flaky: failed once, passed on retry).
  const p = report.numPassedTests ?? (report.stats?.expected ?? 0) + (report.stats?.flaky ?? 0)
  const f = report.numFailedTests ?? report.stats?.unexpected ?? 0
  console.log(`${file}: ${p} passed, ${f} failed`)
  passed += p
  failed += f
}
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed > 0 || missing || passed === 0 ? 1 : 0)
