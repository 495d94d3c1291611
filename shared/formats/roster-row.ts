import { athleteIdProblem, slug } from '../identity/athlete-id.ts';
import { AthleteProfileSchema, type AthleteProfile } from '../model/athlete-profile.ts';
import type { RowAccess } from './row-access.ts';
import type { RowProblem } from './test-row.ts';

const INJURY = /^(\d{4}-\d{2}-\d{2})(?::(left|right|both|l|r))?$/i;

/** Maps one roster row; the roster links names, external ids and VALD profile ids to one athlete. */
export function mapRosterRow(row: RowAccess): AthleteProfile | RowProblem {
  const name = row.text('athleteName');
  // The roster's id as written (keys compare it without case); a row without one takes the name's slug.
  const written = row.text('athleteId');
  const athleteId = written || slug(name);
  const refused = athleteId === '' ? null : athleteIdProblem(athleteId, written ? 'athleteId' : 'name');
  if (refused !== null) {
    const field = written ? 'athleteId' : 'athleteName';
    return { line: row.line, column: row.has(field) ? row.column(field) : field, code: 'bad-athlete-id', reason: refused };
  }
  const injuries: AthleteProfile['injuries'] = [];
  for (const part of row.text('injuries').split(/[;|]/).map((s) => s.trim()).filter(Boolean)) {
    const m = INJURY.exec(part);
    if (!m) {
      return { line: row.line, column: row.column('injuries'), code: 'bad-injury', reason: `"${part}" is not DATE or DATE:left|right|both` };
    }
    const side = m[2]?.toLowerCase();
    injuries.push({ date: m[1]!, side: side === 'l' ? 'left' : side === 'r' ? 'right' : ((side ?? null) as 'left' | 'right' | 'both' | null) });
  }
  const mass = row.num('bodyMassKg');
  const candidate = {
    athleteId,
    name,
    externalId: row.text('externalId') || null,
    valdProfileId: row.text('valdProfileId') || row.text('profileId') || null,
    squad: row.text('squad') || null,
    position: row.text('position') || null,
    sport: row.text('sport') || null,
    bodyMassKg: mass,
    dateOfBirth: row.text('dateOfBirth') || null,
    injuries,
  };
  const parsed = AthleteProfileSchema.safeParse(candidate);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = String(issue.path[0] ?? 'athleteId');
  const columnField = ({ name: 'athleteName' } as Record<string, string>)[field] ?? field;
  return {
    line: row.line,
    column: row.has(columnField as never) ? row.column(columnField as never) : field,
    code: 'bad-roster-row',
    reason: `${field}: ${issue.message}`,
  };
}
