// One plain line from a vitest JSON report: `[LABEL: ]N passed, N failed[, N skipped]`, for .ci/test, .ci/cluster
// and .ci/faults. Files that failed to load count as failures although no test in them ran.
// Usage: node .ci/summary.cjs REPORT.json [LABEL]
const fs = require('node:fs');
const [file, label] = process.argv.slice(2);
if (!file || !fs.existsSync(file)) {
  console.error(`no vitest report at ${file}`);
  process.exit(1);
}
const r = JSON.parse(fs.readFileSync(file, 'utf8'));
const broken = r.testResults.filter((t) => t.status === 'failed' && t.assertionResults.length === 0).length;
const skipped = r.numPendingTests + r.numTodoTests;
const counts = `${r.numPassedTests} passed, ${r.numFailedTests + broken} failed${skipped ? `, ${skipped} skipped` : ''}`;
console.log(label ? `${label}: ${counts}` : counts);
