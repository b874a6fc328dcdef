// Sums the JSON reports of every suite into one closing line, and fails when a required
// suite ran nothing or skipped tests (server suites on all three engines, browser tests).
import fs from 'node:fs';

const dir = 'reports';
const required = ['vitest-unit.json', 'vitest-server-sqlite.json', 'vitest-server-postgres.json', 'vitest-server-mysql.json', 'e2e.json'];
let passed = 0;
let failed = 0;
let skipped = 0;
const problems = [];

for (const name of required) {
  const file = `${dir}/${name}`;
  if (!fs.existsSync(file)) {
    problems.push(`${name}: no report, the suite did not run`);
    continue;
  }
  const r = JSON.parse(fs.readFileSync(file, 'utf8'));
  let p = 0;
  let f = 0;
  let s = 0;
  if (name === 'e2e.json') {
    p = r.stats.expected;
    f = r.stats.unexpected + (r.stats.flaky ?? 0);
    // Electron-launching specs skip where no Electron binary exists; browser specs may not.
    const skippedSpecs = [];
    const walk = (suite) => {
      for (const spec of suite.specs ?? []) {
        for (const t of spec.tests ?? []) if (t.status === 'skipped') skippedSpecs.push(`${suite.file ?? ''} ${spec.title}`);
      }
      for (const child of suite.suites ?? []) walk(child);
    };
    for (const s0 of r.suites ?? []) walk(s0);
    s = skippedSpecs.length;
    const nonElectron = skippedSpecs.filter((t) => !/electron/i.test(t));
    if (nonElectron.length) problems.push(`e2e: required browser tests skipped: ${nonElectron.join('; ')}`);
  } else {
    p = r.numPassedTests;
    f = r.numFailedTests;
    // Tests for another engine skip themselves (e.g. the SQLite backup on PostgreSQL), and the
    // Electron launch test skips where no binary exists; a whole suite may not.
    s = r.numPendingTests + (r.numTodoTests ?? 0);
  }
  if (p === 0) problems.push(`${name}: no test passed`);
  passed += p;
  failed += f;
  skipped += s;
}

for (const p of problems) console.error(`[ci] ${p}`);
console.log(`ci: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(problems.length || failed ? 1 : 0);
