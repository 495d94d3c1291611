#!/usr/bin/env -S node --max-semi-space-size=4
/**
 * The `eccentric` command line: `analyze` files offline, `upload` them to a running stack.
 * The shebang caps V8's semi-space at 4 MB (default 16; it can only be set at launch): the young generation's
 * garbage is short strings of rows, and a large one is only peak RSS (analyze compact-1M: about 20 MB less).
 */
import { enableCompileCache } from 'node:module';

// Node caches the modules' compiled code, and their TypeScript with the types stripped, in the OS temporary
// directory: later runs skip the type stripper (~20 MB of memory per thread) and most of the compiling.
const cache = enableCompileCache();
if (cache.directory !== undefined) process.env.NODE_COMPILE_CACHE = cache.directory;
const { runAnalyze } = await import('../cli/analyze-command.ts');

const usage = `eccentric — hamstring strength analytics

  eccentric analyze FILE… [--json] [--date-order mdy|dmy] [--formula NAME]
                         [--plot out.svg|out.png] [--trace-params JSON] [--threads auto|1]
                         [--progress | --no-progress]
      Check exports and raw force traces offline: format, tests, athletes, date order, duplicates,
      rejected rows, warnings; for traces the reps, peaks and fatigue per leg.
      --json prints exactly what ingest would store and reject.
      --plot draws a trace with its detected reps shaded and peaks marked.
      --threads 1 reads a large export on one thread: slower, ~35 MB less memory.
      A progress bar goes to stderr for files of 8 MB or more on a terminal (--progress: always).
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
