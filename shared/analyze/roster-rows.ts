/**
 * A roster's rows, held until the file is read: a roster that names one athlete twice with different content
 * (a real athlete renamed, a body mass changed) used to keep the last row silently. Now every row of such a
 * conflict is rejected, naming the other lines, and exact repeats collapse into one with a note. Links are
 * checked the same way: one external id or VALD profile id given to two athletes is a conflict too.
 */
import { idKey } from '../identity/id-grammar.ts';
import type { AthleteProfile } from '../model/athlete-profile.ts';
import type { RowProblem } from '../formats/test-row.ts';
import { quoteCell } from '../formats/quote-cell.ts';

/** Rosters are small; past this many rows a file is not a roster anyone keeps, and further rows are refused. */
export const MAX_ROSTER_ROWS = 200_000;

interface HeldRow {
  line: number;
  profile: AthleteProfile;
  /** The columns to blame: where the id came from, and the link columns. */
  idColumn: string;
  externalIdColumn: string;
  valdIdColumn: string;
  content: string;
}

export interface RosterOutcome {
  profiles: AthleteProfile[];
  problems: RowProblem[];
  /** Exact repeats collapsed, and a note for the summary when there were any. */
  duplicateRows: number;
  note: string | null;
}

export class RosterRows {
  private readonly rows: HeldRow[] = [];

  /** False when the roster is already at MAX_ROSTER_ROWS (the row is refused). */
  add(line: number, profile: AthleteProfile, columns: { idColumn: string; externalIdColumn: string; valdIdColumn: string }): boolean {
    if (this.rows.length >= MAX_ROSTER_ROWS) return false;
    this.rows.push({ line, profile, ...columns, content: JSON.stringify(profile) });
    return true;
  }

  finish(): RosterOutcome {
    const rejected = new Map<number, RowProblem>();
    const byId = groupBy(this.rows, (r) => idKey(r.profile.athleteId));
    const kept: HeldRow[] = [];
    const repeats: number[] = [];
    for (const group of byId.values()) {
      const first = group[0]!;
      const differing = group.filter((r) => r.content !== first.content);
      if (differing.length === 0) {
        kept.push(first);
        repeats.push(...group.slice(1).map((r) => r.line));
        continue;
      }
      for (const row of group) {
        const other = group.find((r) => r.content !== row.content)!;
        rejected.set(row.line, {
          line: row.line,
          column: row.idColumn,
          code: 'roster-id-conflict',
          reason:
            `athlete id ${quoteCell(row.profile.athleteId)} is also on line${group.length > 2 ? 's' : ''} ${others(group, row)} with different content ` +
            `(${difference(row.profile, other.profile)}, line ${other.line}): none of these rows is stored; keep one and upload again`,
        });
      }
    }
    // One link (external id, VALD profile id) on two athletes: the roster cannot say whose it is.
    for (const [field, column, label] of [['externalId', 'externalIdColumn', 'external id'], ['valdProfileId', 'valdIdColumn', 'VALD profile id']] as const) {
      const byLink = groupBy(kept.filter((r) => r.profile[field] !== null), (r) => idKey(r.profile[field]!));
      for (const group of byLink.values()) {
        if (new Set(group.map((r) => idKey(r.profile.athleteId))).size < 2) continue;
        for (const row of group) {
          rejected.set(row.line, {
            line: row.line,
            column: row[column],
            code: 'roster-link-conflict',
            reason: `${label} ${quoteCell(row.profile[field]!)} is also given to ${group.filter((r) => r !== row).map((r) => `${quoteCell(r.profile.athleteId)} (line ${r.line})`).join(', ')}: none of these rows is stored`,
          });
        }
      }
    }
    const profiles = kept.filter((r) => !rejected.has(r.line)).map((r) => r.profile);
    const note =
      repeats.length === 0
        ? null
        : `${repeats.length} exact repeat row${repeats.length === 1 ? '' : 's'} collapsed (line${repeats.length === 1 ? '' : 's'} ${repeats.slice(0, 10).join(', ')}${repeats.length > 10 ? ', …' : ''})`;
    return { profiles, problems: [...rejected.values()].sort((a, b) => a.line - b.line), duplicateRows: repeats.length, note };
  }
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

const others = (group: HeldRow[], row: HeldRow) => {
  const lines = group.filter((r) => r !== row).map((r) => r.line);
  return lines.length > 10 ? `${lines.slice(0, 10).join(', ')}, …` : lines.join(', ');
};

/** The first fields in which two profiles differ, as `name "A" here, "B" there`. */
function difference(a: AthleteProfile, b: AthleteProfile): string {
  const fields = (Object.keys(a) as (keyof AthleteProfile)[]).filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
  return fields
    .slice(0, 3)
    .map((k) => `${k} ${shown(a[k])} here, ${shown(b[k])} there`)
    .join('; ');
}

/** A profile value as JSON, cut to 60 characters. */
function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? 'null';
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
