/** zod issues and JSON.parse failures as trace rejections with a precise path. */
import type { z } from 'zod';
import { reject, type TraceRejection } from './types.ts';

export function jsonPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? String(p) : `.${String(p)}`;
  return out || '(root)';
}

export function rejectionFromZod(error: z.ZodError, what: string, arrayKeys: readonly string[]): TraceRejection {
  const issue = error.issues[0]!;
  const path = jsonPath(issue.path);
  const top = String(issue.path[0] ?? '');
  const missing = issue.code === 'invalid_type' && /received undefined/.test(issue.message);
  if (missing && arrayKeys.includes(top) && issue.path.length === 1) {
    return reject('missing-column', `${what}: "${top}" is missing (needed: ${arrayKeys.join(', ')})`, { column: path });
  }
  if (issue.code === 'invalid_type' && issue.expected === 'number' && arrayKeys.includes(top) && issue.path.length > 1) {
    return reject('not-a-number', `${what}: ${path} is not a number (${issue.message})`, { column: path });
  }
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more issue${error.issues.length > 2 ? 's' : ''})` : '';
  return reject('invalid-trace', `${what}: ${path}: ${issue.message}${more}`, { column: path });
}

export function parseJsonText(input: Buffer | string): { ok: true; value: unknown } | TraceRejection {
  let text = typeof input === 'string' ? input : input.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') return reject('empty-file', 'the file is empty');
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return reject('invalid-json', `the file is not valid JSON: ${(e as Error).message}`);
  }
}

/** A parser's JSON input: text or bytes to parse, or a value parsed already (`{ value }`). */
export function jsonValueOf(input: Buffer | string | { value: unknown }): { ok: true; value: unknown } | TraceRejection {
  return typeof input === 'object' && !Buffer.isBuffer(input) ? { ok: true, value: input.value } : parseJsonText(input);
}
