// Ends every jest run with one plain line, "N passed, N failed, N skipped", that any CI can read.
// It is written when the process exits so that it comes after jest's own summary.
class PlainSummaryReporter {
  onRunComplete(_contexts, results) {
    const { numPassedTests, numFailedTests, numPendingTests, numTodoTests } = results;
    const line = `${numPassedTests} passed, ${numFailedTests} failed, ${numPendingTests + numTodoTests} skipped`;
    process.once('exit', () => process.stderr.write(`\n${line}\n`));
  }
}

module.exports = PlainSummaryReporter;
