import type { AnalyzeSummary } from '#core/analyze/summary.ts';
import type { Rejection, TestRecord } from '#core/model/test-record.ts';
import { TRACE_KINDS } from '#core/trace-formats/types.ts';

const MAX_LISTED = 20;

export interface UploadReport {
  uploadId: string;
  status: string;
  fileName: string;
  summary?: AnalyzeSummary;
  rejected?: Rejection[];
  rejectedCount?: number;
  storedTests?: number;
  newAthletes?: string[];
  relinked?: { from: string; to: string; tests: number }[];
  error?: string;
  /** A large upload stored in chunks: how many, how many stored so far. */
  parts?: { total: number; done: number };
}

/** The report of an upload as the API serves it. */
export function formatReport(u: UploadReport): string {
  const head = `upload ${u.uploadId} (${u.fileName}): ${u.status}${u.error ? ` — ${u.error}` : ''}`;
  if (!u.summary) return `${head}\n`;
  const body = formatSummary({ summary: u.summary, rejected: u.rejected ?? [] });
  const extra = [`  stored      ${u.storedTests ?? 0} tests`];
  if (u.newAthletes?.length) extra.push(`  new         ${u.newAthletes.length} athletes: ${u.newAthletes.slice(0, 10).join(', ')}${u.newAthletes.length > 10 ? ', …' : ''}`);
  for (const r of u.relinked ?? []) extra.push(`  relinked    ${r.from} → ${r.to} (${r.tests} tests moved)`);
  if ((u.rejectedCount ?? 0) > (u.rejected?.length ?? 0)) extra.push(`  (${u.rejectedCount} rejections in all; the full list is in the report JSON)`);
  return `${head}\n${body}${extra.join('\n')}\n`;
}

const TRACE_KIND_SET: ReadonlySet<string> = new Set(TRACE_KINDS);

/** The human report of one analyzed file. */
export function formatSummary(r: { summary: AnalyzeSummary; rejected: Rejection[]; latest?: Iterable<TestRecord> }): string {
  const s = r.summary;
  const lines: string[] = [`${s.file}: ${s.kind}`];
  if (s.format.container === 'csv' && s.format.delimiter !== null) {
    lines.push(
      `  format      CSV, delimiter ${JSON.stringify(s.format.delimiter)}${s.format.decimalComma ? ', decimal comma' : ''}` +
        `${encodingText(s.format)}, header on line ${s.format.headerLine}` +
        ` (${Object.keys(s.format.columnsMapped).length} columns used, ${s.format.columnsIgnored} ignored)`,
    );
  } else if (s.format.container) lines.push(`  format      ${s.format.container.toUpperCase()}${encodingText(s.format)}`);
  if (s.kind === 'roster') lines.push(`  athletes    ${s.athletes} profiles`);
  else if (s.kind === 'workout-log') lines.push(...workoutLines(s));
  else if (s.kind !== 'unsupported') {
    lines.push(`  rows        ${s.rows}`);
    lines.push(`  tests       ${s.tests} distinct (${Object.entries(s.testTypes).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'})`);
    lines.push(`  athletes    ${s.athletes}`);
    if (s.dateRange) lines.push(`  dates       ${s.dateRange.from.slice(0, 10)} → ${s.dateRange.to.slice(0, 10)}`);
    if (s.dateOrder) lines.push(`  date order  ${s.dateOrder.used}, decided by ${s.dateOrder.decidedBy} (${s.dateOrder.evidence})`);
    lines.push(`  duplicates  ${s.duplicateRows} exact repeat rows collapsed`);
    if (s.noRepRows) lines.push(`  no reps     ${s.noRepRows} rows with no repetitions on either side (${s.noRepDistinct} distinct): not tests, not stored`);
    if (s.zeroRepsWithForceKept) lines.push(`  kept        ${s.zeroRepsWithForceKept} sides with 0 repetitions but force recorded (flagged zero-reps-with-force)`);
    // A trace file is one test; an export's latest tests have no trace and are not built for nothing.
    if (TRACE_KIND_SET.has(s.kind)) for (const test of r.latest ?? []) if (test.trace) lines.push(...traceLines(test));
    const warnings = Object.entries(s.warnings);
    if (warnings.length) lines.push(`  warnings    ${warnings.map(([k, v]) => `${k} ${v}`).join(', ')}`);
  }
  for (const w of s.fileWarnings ?? []) lines.push(`  warning     ${w.message}`);
  const problems = r.rejected.filter((x) => x.code !== 'no-reps');
  lines.push(`  rejected    ${problems.length}`);
  for (const x of problems.slice(0, MAX_LISTED)) {
    lines.push(`    ${x.line === 0 ? 'file' : `line ${x.line}`}${x.column ? `, column "${x.column}"` : ''}: ${x.reason}`);
  }
  if (problems.length > MAX_LISTED) lines.push(`    … and ${problems.length - MAX_LISTED} more (--json lists them all)`);
  return `${lines.join('\n')}\n`;
}

const ENCODING_NAMES: Record<string, string> = { 'utf-16le': 'UTF-16 LE', 'utf-16be': 'UTF-16 BE', 'windows-1252': 'Windows-1252' };

/** `, UTF-8 BOM` as before; another encoding named (`, UTF-16 LE with BOM`, `, Windows-1252`). */
function encodingText(f: AnalyzeSummary['format']): string {
  const encoding = f.encoding ?? 'utf-8';
  if (encoding === 'utf-8') return f.bom ? ', UTF-8 BOM' : '';
  return `, ${ENCODING_NAMES[encoding] ?? encoding}${f.bom ? ' with BOM' : ''}`;
}

function workoutLines(s: AnalyzeSummary): string[] {
  const lines = [`  rows        ${s.rows}`, `  workouts    ${s.workouts} distinct`, `  athletes    ${s.athletes}`];
  if (s.dateRange) lines.push(`  dates       ${s.dateRange.from.slice(0, 10)} → ${s.dateRange.to.slice(0, 10)}`);
  if (s.dateOrder) lines.push(`  date order  ${s.dateOrder.used}, decided by ${s.dateOrder.decidedBy} (${s.dateOrder.evidence})`);
  lines.push(`  duplicates  ${s.duplicateRows} repeated workouts collapsed`);
  return lines;
}

const n1 = (x: number | null | undefined) => (x === null || x === undefined ? '–' : x.toFixed(1));

/** A raw trace's per-leg reps, peaks and fatigue, as the summary shows them. */
function traceLines(t: TestRecord): string[] {
  const trace = t.trace!;
  const out = [`  trace       ${trace.sampleRateHz} Hz (${trace.sampleRateSource}), ${trace.durationS.toFixed(1)} s, ${t.athleteName ?? t.athleteId}, ${t.testedAt}`];
  for (const which of ['left', 'right'] as const) {
    const side = t[which];
    const fatigue = t.fatigue?.[which];
    const reason = t.fatigue?.reasons?.[which];
    out.push(
      `  ${which.padEnd(11)} ${side.repCount} reps, peak ${n1(side.peakN)} N, mean of peaks ${n1(side.avgN)} N, ` +
        (fatigue ? `decrement ${n1(fatigue.decrementPct)} %, slope ${n1(fatigue.slopeNPerRep)} N/rep` : `fatigue: ${reason ?? 'n/a'}`),
    );
    for (const rep of side.reps ?? []) {
      out.push(`    rep ${rep.index}  ${rep.startS.toFixed(2)}–${rep.endS.toFixed(2)} s  peak ${n1(rep.peakN)} N at ${rep.peakS.toFixed(2)} s  impulse ${n1(rep.impulseNs)} N·s`);
    }
  }
  if (t.asymmetry) out.push(`  asymmetry   ${t.asymmetry.pct.toFixed(1)} % (weaker ${t.asymmetry.weakerSide ?? 'neither'}, ${t.asymmetry.formula})`);
  return out;
}
