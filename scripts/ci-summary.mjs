// Adds up vitest's JSON reports and prints one plain closing line ("N passed, N failed").
// Under CI a skipped or todo test is a failure: nothing may silently not run.
import fs from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of process.argv.slice(2)) {
  const report = JSON.parse(fs.readFileSync(file, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + (report.numTodoTests ?? 0);
  if (report.numTotalTests === 0) {
    console.error(`${file}: no test ran`);
    failed++;
  }
}
if (process.env.CI === 'true' && skipped > 0) {
  console.error(`${skipped} test(s) were skipped; under CI that is a failure`);
  failed += skipped;
  skipped = 0;
}
console.log(`ci: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
