import { z } from 'zod';
import type { InputKind } from './detect.ts';

const num = z.union([z.number(), z.string(), z.null()]).optional();

/** One VALD API test row, `/tests/v2` (profileId, modifiedDateUtc) or older `/tests` (athleteId, modifiedUtc). */
export const ApiTestRowSchema = z
  .object({
    testId: z.string().min(1).optional(),
    profileId: z.string().min(1).optional(),
    athleteId: z.string().min(1).optional(),
    testDateUtc: z.string().min(1, 'testDateUtc is empty'),
    testTypeName: z.string().nullish(),
    device: z.string().nullish(),
    leftMaxForce: num,
    rightMaxForce: num,
    leftRepetitions: num,
    rightRepetitions: num,
  })
  .loose()
  .refine((r) => r.profileId ?? r.athleteId, { message: 'neither profileId nor athleteId is present' });

type Picked =
  | { ok: true; path: string; rows: ({ ok: true; row: Record<string, unknown> } | { ok: false; reason: string })[] }
  | { ok: false; kind: InputKind; reason: string };

/** Accepts `{ "tests": [...] }`, `{ "items": [...] }` or a bare array, and validates every row. */
export function pickApiRows(value: unknown): Picked {
  let rows: unknown;
  let path: string;
  if (Array.isArray(value)) [rows, path] = [value, '$'];
  else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (Array.isArray(o.forces)) {
      return { ok: false, kind: 'vald-api-trace', reason: 'a VALD force trace (forces[]): raw trace analysis is not supported yet; upload the test summary rows' };
    }
    const key = ['tests', 'items', 'data'].find((k) => Array.isArray(o[k]));
    if (!key) {
      return { ok: false, kind: 'unsupported', reason: `JSON object with keys ${Object.keys(o).slice(0, 10).join(', ') || '(none)'}: expected "tests" or "items" holding VALD test rows, or a bare array` };
    }
    [rows, path] = [o[key], key];
  } else return { ok: false, kind: 'unsupported', reason: 'JSON that is neither an object nor an array' };
  return {
    ok: true,
    path,
    rows: (rows as unknown[]).map((row) => {
      const parsed = ApiTestRowSchema.safeParse(row);
      if (parsed.success) return { ok: true, row: parsed.data as Record<string, unknown> };
      const issue = parsed.error.issues[0]!;
      return { ok: false, reason: `${issue.path.join('.') || 'row'}: ${issue.message}` };
    }),
  };
}
