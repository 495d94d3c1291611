/**
 * Trace inputs: VALD Hub "Export Force Trace" CSV, VALD API trace JSON and Eccentric's own trace format
 * (JSON or CSV), optionally gzipped. `parseTrace` detects the format by content and streams CSV.
 */
import { parseEccentricTraceJson } from './eccentric-trace.ts';
import { detectTrace } from './detect-trace.ts';
import { maybeGunzip } from './gzip.ts';
import { parseJsonText } from './json-issues.ts';
import type { MetaInputs } from './meta.ts';
import { TraceCsvParser } from './trace-csv.ts';
import { reject, type TraceResult } from './types.ts';
import { parseValdApiTrace } from './vald-api-trace.ts';
import { asFileFault, SourceReadError } from '../analyze/file-fault.ts';

export * from './types.ts';
export { athleteKeysOf, mergeMeta, metaFromFileName, metaFromObjectMetadata, metaFromSidecar, type MetaInputs, type PartialMeta } from './meta.ts';
export { TraceCsvParser, parseTraceCsv } from './trace-csv.ts';
export { parseValdApiTrace, ValdApiTraceSchema, TICKS_PER_SECOND } from './vald-api-trace.ts';
export {
  parseEccentricTraceJson,
  EccentricTraceSchema,
  EccentricTraceArraysSchema,
  EccentricTraceSamplesSchema,
  eccentricTraceJsonSchema,
  ECCENTRIC_TRACE_FORMAT,
  type EccentricTrace,
} from './eccentric-trace.ts';
export { detectTrace } from './detect-trace.ts';
export { maybeGunzip } from './gzip.ts';

export interface ParseTraceOptions extends MetaInputs {
  /** JSON traces are read whole; larger ones are refused. Default 256 MB. */
  maxJsonBytes?: number;
}

const HEAD_BYTES = 64 * 1024;

/** Parses one trace upload of any supported format (gzip or not). Never throws for bad input. */
export async function parseTrace(source: AsyncIterable<Buffer> | Buffer | string, options: ParseTraceOptions = {}): Promise<TraceResult> {
  const iterable: AsyncIterable<Buffer> =
    typeof source === 'string' || Buffer.isBuffer(source) ? (async function* () { yield Buffer.from(source); })() : source;
  const head: Buffer[] = [];
  let headBytes = 0;
  let kind: ReturnType<typeof detectTrace> | undefined;
  let csv: TraceCsvParser | null = null;
  const json: Buffer[] = [];
  let jsonBytes = 0;
  const maxJson = options.maxJsonBytes ?? 256 * 1024 * 1024;
  try {
    for await (const chunk of maybeGunzip(iterable)) {
      if (kind === undefined) {
        head.push(chunk);
        headBytes += chunk.length;
        if (headBytes < HEAD_BYTES) continue;
        const all = Buffer.concat(head);
        kind = detectTrace(all);
        if (kind === null) return unsupported();
        const route = startRoute(all);
        if (route === 'csv') {
          csv = new TraceCsvParser(options);
          for (const h of head) csv.push(h);
        } else {
          json.push(all);
          jsonBytes += headBytes;
        }
        continue;
      }
      if (csv) csv.push(chunk);
      else {
        jsonBytes += chunk.length;
        if (jsonBytes > maxJson) return reject('trace-too-long', `a JSON trace larger than ${maxJson} bytes is not read; export CSV or gzip a smaller trace`);
        json.push(chunk);
      }
    }
  } catch (e) {
    // The storage failing is not the file's fault: it fails the upload, which is retried.
    if (e instanceof SourceReadError) throw e;
    return reject(asFileFault(e)?.code === 'broken-gzip' || !asFileFault(e) ? 'invalid-gzip' : 'invalid-trace', `the upload could not be read: ${(e as Error).message}`);
  }
  if (kind === undefined) {
    const all = Buffer.concat(head);
    if (all.toString('utf8').replace(/^\uFEFF/, '').trim() === '') return reject('empty-file', 'the file is empty');
    kind = detectTrace(all);
    if (kind === null) return unsupported();
    if (startRoute(all) === 'csv') {
      csv = new TraceCsvParser(options);
      csv.push(all);
    } else json.push(all);
  }
  if (csv) return csv.end();
  const text = Buffer.concat(json);
  if (kind === 'vald-api-trace') return parseValdApiTrace(text, options);
  const parsed = parseJsonText(text);
  if (!parsed.ok) return parsed;
  return parseEccentricTraceJson({ value: parsed.value }, options);
}

/** JSON when the content starts with `{` or `[` (after a BOM and blank space); CSV otherwise. */
function startRoute(head: Buffer): 'csv' | 'json' {
  let i = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x09 || head[i] === 0x0a || head[i] === 0x0d)) i++;
  return head[i] === 0x7b || head[i] === 0x5b ? 'json' : 'csv';
}

const unsupported = () =>
  reject(
    'unsupported-format',
    'not a trace: expected a VALD Hub force-trace CSV (time, left and right force columns), a VALD API trace JSON ({"forces":[{"ticks",…}]}) or an eccentric-trace@1 JSON/CSV',
  );
