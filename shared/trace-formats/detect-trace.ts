/** Which trace format a file's first bytes are, by content (never by file name); null when not a trace. */
import { mapTraceHeader } from './csv-columns.ts';
import { ECCENTRIC_TRACE_FORMAT, type TraceKind } from './types.ts';

export function detectTrace(head: Buffer | string): TraceKind | null {
  if (Buffer.isBuffer(head) && head[0] === 0x1f && head[1] === 0x8b) return null; // gzip: maybeGunzip first
  let text = typeof head === 'string' ? head : head.subarray(0, 64 * 1024).toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) {
    if (new RegExp(`"format"\\s*:\\s*"${ECCENTRIC_TRACE_FORMAT.replace('.', '\\.')}"`).test(text)) return 'eccentric-trace';
    if (/"forces"\s*:\s*\[/.test(text) && /"ticks"\s*:/.test(text)) return 'vald-api-trace';
    if (/"format"\s*:\s*"eccentric-trace@/.test(text)) return 'eccentric-trace'; // a future version: the parser names it
    return null;
  }
  if (trimmed.startsWith('[')) {
    // A bare array of VALD trace samples.
    return /^\[\s*\{\s*"ticks"\s*:/.test(trimmed) || /^\[\s*\{[^}]*"ticks"\s*:[^}]*"leftForce"/.test(trimmed) ? 'vald-api-trace' : null;
  }
  const lines = text.split(/\r\n|\n|\r/, 200);
  let content = 0;
  let eccentric = false;
  for (const line of lines) {
    const t = line.trim();
    if (t === '') continue;
    if (t.startsWith('#') && content === 0) {
      if (/^#\s*format\s*[:=]\s*eccentric-trace@/i.test(t)) eccentric = true;
      continue;
    }
    content++;
    const mapped = mapTraceHeader(t);
    if (mapped && mapped.header.left >= 0 && mapped.header.right >= 0 && (mapped.header.time >= 0 || eccentric)) {
      return eccentric ? 'eccentric-trace' : 'vald-force-trace-csv';
    }
    if (content >= 10) break;
  }
  return eccentric ? 'eccentric-trace' : null;
}
