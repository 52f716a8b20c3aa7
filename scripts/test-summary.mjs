// prints the closing line ci reads ('N passed, N failed, N skipped') from vitest's json report.
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? 'storage/test-results/vitest.json';
let report;
try {
  report = JSON.parse(readFileSync(file, 'utf8'));
} catch (err) {
  console.error(`no test report at ${file}: ${err.message}`);
  process.exit(1);
}
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
console.log(`${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skipped} skipped`);
process.exit(report.success && report.numTotalTests > 0 ? 0 : 1);
