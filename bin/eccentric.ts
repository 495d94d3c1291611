#!/usr/bin/env node
/** The `eccentric` command line: `analyze` files offline, `upload` them to a running stack. */
import { runAnalyze } from '../cli/analyze-command.ts';

const usage = `eccentric — hamstring strength analytics

  eccentric analyze FILE… [--json] [--date-order mdy|dmy] [--formula NAME]
      Check exports offline: format, tests, athletes, date order, duplicates, rejected rows, warnings.
      --json prints exactly what ingest would store and reject.
  eccentric upload FILE… --team TEAM [--api URL --token TOKEN]
      Upload to a running stack (npm start writes .eccentric/local.json, used by default),
      with a progress bar per file, then each file's report.
`;

const [command, ...args] = process.argv.slice(2);
try {
  if (command === 'analyze') process.exitCode = await runAnalyze(args);
  else if (command === 'upload') {
    const { runUpload } = await import('../cli/upload-command.ts');
    process.exitCode = await runUpload(args);
  } else {
    process.stdout.write(usage);
    process.exitCode = command === undefined || command === '--help' || command === 'help' ? 0 : 2;
  }
} catch (error) {
  process.stderr.write(`eccentric: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
