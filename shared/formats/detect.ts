import { mapHeader, type CanonicalField, type HeaderMapping } from './header-aliases.ts';

export type InputKind = 'vald-hub-results' | 'vald-api-tests' | 'roster' | 'workout-log' | 'vald-api-trace' | 'vald-force-trace-csv' | 'eccentric-trace' | 'unsupported';

export interface CsvLayout {
  kind: InputKind;
  delimiter: ',' | ';' | '\t';
  /** 1-based physical line of the header; lines above it are title lines. */
  headerLine: number;
  mapping: HeaderMapping;
}

/** A failure's `line` is the header line that could not be mapped, when one was found. */
export type Detection = { ok: true; layout: CsvLayout } | { ok: false; reason: string; line?: number };

const DELIMITERS = [',', ';', '\t'] as const;
const ROSTER_FIELDS: CanonicalField[] = ['bodyMassKg', 'squad', 'position', 'sport', 'dateOfBirth', 'injuries', 'valdProfileId'];

/** Splits one line on a delimiter, honouring double quotes (header sniffing only). */
export function splitLine(line: string, delimiter: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === delimiter) {
      out.push(field);
      field = '';
    } else field += c;
  }
  out.push(field);
  return out;
}

/**
 * Finds the header by content, not by file name: among the first lines and the three delimiters, the
 * line that maps the most columns to known fields wins; lines above it are title lines.
 */
export function detectCsvLayout(head: string): Detection {
  const lines = head.split(/\r\n|\n|\r/).slice(0, 10);
  let best: { score: number; fields: number; layout: CsvLayout } | null = null;
  lines.forEach((line, index) => {
    for (const delimiter of DELIMITERS) {
      const fields = splitLine(line, delimiter);
      if (fields.length < 2) continue;
      const mapping = mapHeader(fields);
      const score = Object.keys(mapping.columns).length;
      if (!best || score > best.score || (score === best.score && fields.length > best.fields && index === best.layout.headerLine - 1)) {
        best = { score, fields: fields.length, layout: { kind: kindOf(mapping), delimiter, headerLine: index + 1, mapping } };
      }
    }
  });
  const found = best as { score: number; layout: CsvLayout } | null;
  if (!found || found.score < 2) {
    const first = (lines.find((l) => l.trim() !== '') ?? '').slice(0, 200);
    const needed = NEEDS.map(([label]) => label).join(', ');
    return {
      ok: false,
      reason:
        `no header recognised in the first lines (first line: "${first}"); expected a VALD Hub results export, VALD API test rows, ` +
        `a roster, a workout log or a raw force trace. A test export needs: ${needed}`,
    };
  }
  const { layout } = found;
  if (layout.kind === 'unsupported') return { ok: false, reason: missingColumnsReason(layout.mapping), line: layout.headerLine };
  return { ok: true, layout };
}

function kindOf(mapping: HeaderMapping): InputKind {
  const c = mapping.columns;
  if (c.leftMax !== undefined || c.rightMax !== undefined) {
    const hasAthlete = c.athleteName ?? c.externalId ?? c.profileId ?? c.athleteId;
    if (hasAthlete === undefined || c.date === undefined || c.leftMax === undefined || c.rightMax === undefined) return 'unsupported';
    return c.testId !== undefined || (c.athleteName === undefined && (c.profileId ?? c.athleteId) !== undefined)
      ? 'vald-api-tests'
      : 'vald-hub-results';
  }
  // A workout log names an exercise per row; checked before rosters, which a `Weight` column also suggests.
  if (c.exercise !== undefined) {
    const hasAthlete = c.athleteId ?? c.externalId ?? c.athleteName;
    return hasAthlete === undefined || c.date === undefined ? 'unsupported' : 'workout-log';
  }
  if ((c.athleteId !== undefined || c.athleteName !== undefined) && ROSTER_FIELDS.some((f) => c[f] !== undefined)) return 'roster';
  if (c.athleteId !== undefined && c.athleteName !== undefined) return 'roster';
  return 'unsupported';
}

const NEEDS: [string, CanonicalField[]][] = [
  ['athlete (Name / ExternalId / profileId / athleteId)', ['athleteName', 'externalId', 'profileId', 'athleteId']],
  ['test date (Date UTC / Date / testDateUtc)', ['date']],
  ['left peak force (L Max Force (N) / leftMaxForce)', ['leftMax']],
  ['right peak force (R Max Force (N) / rightMaxForce)', ['rightMax']],
];

const WORKOUT_NEEDS: [string, CanonicalField[]][] = [
  ['athlete (athleteId / externalId / name)', ['athleteId', 'externalId', 'athleteName']],
  ['date', ['date']],
];

export function missingColumnsReason(mapping: HeaderMapping): string {
  if (mapping.columns.exercise !== undefined) {
    const missing = WORKOUT_NEEDS.filter(([, fields]) => fields.every((f) => mapping.columns[f] === undefined)).map(([label]) => label);
    return `a workout log (it has an exercise column) needs ${missing.join(' and ')}. Columns found: ${mapping.headers.map((h) => `"${h.replace(/^\uFEFF/, '')}"`).join(', ')}.`;
  }
  const missing = NEEDS.filter(([, fields]) => fields.every((f) => mapping.columns[f] === undefined)).map(([label]) => label);
  return (
    `the header cannot be mapped: missing ${missing.join(', ')}. ` +
    `Columns found: ${mapping.headers.map((h) => `"${h.replace(/^\uFEFF/, '')}"`).join(', ')}. ` +
    'A roster needs athleteId or name plus at least one of bodyMassKg, squad, position, sport, dateOfBirth, injuries, valdProfileId.'
  );
}
