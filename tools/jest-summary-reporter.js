// Writes each jest run's counts, split by tier (unit: src/*.spec.ts, integration: *.int-spec.ts,
// e2e: *.e2e-spec.ts), to TEST_RESULTS_DIR so tools/test.mjs can print one summary for the whole run.
const fs = require('node:fs');
const path = require('node:path');

function tierOf(file) {
  if (file.endsWith('.e2e-spec.ts')) return 'e2e';
  if (file.endsWith('.int-spec.ts')) return 'integration';
  return 'unit';
}

class SummaryReporter {
  constructor(globalConfig) {
    this.globalConfig = globalConfig;
  }

  onRunComplete(contexts, results) {
    const dir = process.env.TEST_RESULTS_DIR;
    if (!dir) return;
    const tiers = {};
    for (const suite of results.testResults) {
      const tier = tierOf(suite.testFilePath);
      const t = (tiers[tier] ??= { passed: 0, failed: 0, skipped: 0, suitesFailed: 0 });
      t.passed += suite.numPassingTests;
      t.failed += suite.numFailingTests;
      t.skipped += suite.numPendingTests + suite.numTodoTests;
      // A suite that could not run at all (syntax error, failing import) reports no failing test.
      if (suite.testExecError) t.suitesFailed += 1;
    }
    const name = [...contexts][0]?.config.displayName?.name ?? path.basename(process.cwd());
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify({ project: name, tiers }));
  }
}

module.exports = SummaryReporter;
