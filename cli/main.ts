/**
 * The `eccentric` command line: `analyze` files offline, `upload` them to a running stack. Started by
 * bin/eccentric.mjs, which sets the node flags and Node's compile cache first.
 */
import { runAnalyze } from './analyze-command.ts';

const usage = `eccentric — hamstring strength analytics

  eccentric analyze FILE… [--json] [--date-order mdy|dmy] [--formula NAME]
                         [--plot out.svg|out.png] [--trace-params JSON] [--threads 1|auto]
                         [--progress | --no-progress]
      Check exports and raw force traces offline: format, tests, athletes, date order, duplicates,
      rejected rows, warnings; for traces the reps, peaks and fatigue per leg.
      --json prints exactly what ingest would store and reject.
      --plot draws a trace with its detected reps shaded and peaks marked.
      --threads auto reads a large export on two threads: up to ~10 % faster, ~40 MB more memory
      (the default for --json, 1.5x faster there; the summary keeps to one thread).
      A progress bar goes to stderr for files of 8 MB or more on a terminal (--progress: always).
      Exit 0 when every file was read (rejected rows are in the report), 1 when one was refused.
  eccentric report [FILE…] [--status red,amber] [--csv] [--test-type T] [--as-of DATE] [--squad S]
                  [--settings risk.json] [--team TEAM] [--local FILE | --api URL --token TOKEN]
      The squad table: status (RED/AMBER/GREEN) and its reasons per athlete. With files (an export,
      a roster, workout logs) offline, the same core as ingest; without, from a running stack.
  eccentric upload FILE… [--team TEAM] [--local FILE | --api URL --token TOKEN]
      Upload to a running stack (npm start writes .eccentric/local.json, used by default; --team
      defaults to its teamId), with a progress bar per file, then each file's report.
  eccentric admin add-team|add-user|list-users …   (eccentric admin --help)
      Teams and users of a deployed stage (Cognito), with your AWS credentials.
  eccentric redrive --stage dev|prod [--queue ingest|ingest-parts|recompute] [--wait]
      Moves dead letters back to their queue after a fix (--local: npm start's queues).
`;

// A reader that stops early (`eccentric analyze big.csv --json | head`) closes the pipe: stop quietly, as
// other command-line tools do, rather than with an unhandled 'error' event's stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const [command, ...args] = process.argv.slice(2);
try {
  if (command === 'analyze') process.exitCode = await runAnalyze(args);
  else if (command === 'report') process.exitCode = await (await import('./report-command.ts')).runReport(args);
  else if (command === 'upload') {
    const { runUpload } = await import('./upload-command.ts');
    process.exitCode = await runUpload(args);
  } else if (command === 'admin') {
    const { runAdmin } = await import('./admin-command.ts');
    process.exitCode = await runAdmin(args);
  } else if (command === 'redrive') {
    process.exitCode = await redrive(args);
  } else {
    process.stdout.write(usage);
    process.exitCode = command === undefined || command === '--help' || command === 'help' ? 0 : 2;
  }
} catch (error) {
  process.stderr.write(`eccentric: ${(error as Error).message}\n`);
  process.exitCode = 1;
}

/** `redrive --local` is the local runtime's (cli/redrive-local.ts, when present); the rest is AWS. */
async function redrive(args: string[]): Promise<number> {
  if (args.includes('--local')) {
    const { runRedriveLocal } = await import('./redrive-local.ts');
    return runRedriveLocal(args.filter((a) => a !== '--local'));
  }
  const { runRedrive } = await import('./redrive.ts');
  return runRedrive(args);
}
