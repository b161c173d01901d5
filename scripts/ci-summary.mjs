// Prints one summary line per suite and the total from the runners' JSON reports, then fails when
// a suite did not run, a test failed, or a test was skipped without being declared in
// tests/declared-skips.json ({"<full test name>": "why it may skip"}). A Playwright test that
// passed only on retry is named as flaky in the summary, never counted as a clean pass.
import { existsSync, readFileSync } from 'node:fs'

const declared = existsSync('tests/declared-skips.json') ? JSON.parse(readFileSync('tests/declared-skips.json', 'utf8')) : {}
let passed = 0
let failed = 0
let bad = false
const undeclared = []
const flaky = []

for (const file of process.argv.slice(2)) {
  if (!existsSync(file)) {
    console.log(`${file}: missing (the suite did not run)`)
    bad = true
    continue
  }
  const report = JSON.parse(readFileSync(file, 'utf8'))
  const counts = report.numTotalTests !== undefined ? vitestCounts(report) : playwrightCounts(report)
  console.log(`${file}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped.length} skipped${counts.flaky.length ? `, ${counts.flaky.length} flaky (passed on retry)` : ''}`)
  passed += counts.passed
  failed += counts.failed
  for (const name of counts.skipped) if (!(name in declared)) undeclared.push(`${file}: ${name}`)
  flaky.push(...counts.flaky.map((name) => `${file}: ${name}`))
}

for (const name of flaky) console.log(`FLAKY (failed, then passed on retry): ${name}`)
for (const name of undeclared) console.log(`UNDECLARED SKIP: ${name}`)
console.log(`${passed} passed, ${failed} failed, ${undeclared.length} undeclared skips, ${flaky.length} flaky`)
process.exit(failed > 0 || bad || passed === 0 || undeclared.length > 0 ? 1 : 0)

function vitestCounts(report) {
  const skipped = report.testResults.flatMap((file) =>
    file.assertionResults.filter((t) => t.status === 'skipped' || t.status === 'pending' || t.status === 'todo').map((t) => t.fullName),
  )
  return { passed: report.numPassedTests, failed: report.numFailedTests, skipped, flaky: [] }
}

function playwrightCounts(report) {
  const tests = []
  const walk = (suite, path) => {
    for (const spec of suite.specs ?? []) for (const test of spec.tests) tests.push({ name: [...path, spec.title].join(' › '), test })
    for (const child of suite.suites ?? []) walk(child, [...path, child.title])
  }
  for (const suite of report.suites ?? []) walk(suite, [suite.title])
  const named = (status) => tests.filter((t) => t.test.status === status).map((t) => t.name)
  return { passed: report.stats.expected, failed: report.stats.unexpected, skipped: named('skipped'), flaky: named('flaky') }
}
