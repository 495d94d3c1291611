/**
 * `eccentric report`: the squad table — who is red or amber and why — offline from files
 * (`report FILES…`, the same core as ingest, no servers) or from a running stack (`GET /teams/{t}/squad`).
 */
import { readFileSync } from 'node:fs';
import { summariseSquad } from '#core/analytics/squad.ts';
import { riskSettingDefaults, RiskSettingsSchema, type RiskSettings } from '#core/analytics/settings.ts';
import type { DateOrder } from '#core/dates/test-time.ts';
import type { Level } from '#core/model/risk.ts';
import { parseArgs, stringFlag, type ParsedArgs } from './args.ts';
import { readOffline } from './report-offline.ts';
import { formatCsv, formatTable, sortRows, type ReportRow, type ReportSummary } from './report-rows.ts';
import { api, connection } from './upload-command.ts';

const LEVELS = new Set(['red', 'amber', 'green']);

function statusFilter(value: string | undefined): Set<Level> | null {
  if (value === undefined) return null;
  const levels = value.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  for (const l of levels) if (!LEVELS.has(l)) throw new Error(`--status takes red, amber and/or green (comma-separated), not "${l}"`);
  return new Set(levels as Level[]);
}

function asOfOf(value: string | undefined): Date {
  if (value === undefined) return new Date();
  // A date alone means the end of that day: its tests and workouts are in.
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T23:59:59.999Z` : value);
  if (Number.isNaN(d.getTime())) throw new Error(`--as-of must be a date (2026-11-24) or an ISO time, not "${value}"`);
  return d;
}

function settingsOf(file: string | undefined): RiskSettings {
  if (file === undefined) return riskSettingDefaults;
  const parsed = RiskSettingsSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`--settings ${file}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

function dateOrderOf(value: string | undefined): DateOrder | undefined {
  if (value === undefined) return undefined;
  const v = value.toUpperCase();
  if (v === 'MDY' || v === 'DMY') return v;
  throw new Error(`--date-order must be mdy or dmy, not "${value}"`);
}

async function offlineRows(args: ParsedArgs, testType: string, now: Date): Promise<{ rows: ReportRow[]; refused: number }> {
  const settings = settingsOf(stringFlag(args, 'settings'));
  const data = await readOffline(args.positionals, dateOrderOf(stringFlag(args, 'date-order')));
  for (const r of data.results) if (r.refused) process.stderr.write(`${r.summary.file}: not read (${r.rejected[0]?.reason ?? r.kind})\n`);
  const squad = summariseSquad(data.athletes, settings, now);
  const rows = squad.athletes.map(({ input, summaries }): ReportRow => {
    const s = summaries.find((x) => x.testType === testType);
    return { athleteId: input.athlete.athleteId, name: input.athlete.name, squad: input.athlete.squad, position: input.athlete.position, testType, summary: s ?? { status: null } };
  });
  return { rows, refused: data.results.filter((r) => r.refused).length };
}

/** A squad row as the API serves it (the contract's fields at the top level of each row). */
type ApiSquadRow = ReportSummary & { athleteId: string; name: string | null; squad?: string | null; position?: string | null; latest?: { testedAt?: string } | null };

async function apiRows(args: ParsedArgs, testType: string): Promise<ReportRow[]> {
  const c = connection(args);
  const team = stringFlag(args, 'team') ?? c.teamId;
  if (!team) throw new Error('--team TEAM is required');
  const rows: ReportRow[] = [];
  let next: string | undefined;
  do {
    const query = new URLSearchParams({ testType, limit: '500', ...(next ? { next } : {}) });
    const page = await api<{ athletes: ApiSquadRow[]; next?: string | null }>(c, 'GET', `/teams/${encodeURIComponent(team)}/squad?${query}`);
    for (const a of page.athletes) {
      rows.push({
        athleteId: a.athleteId,
        name: a.name,
        squad: a.squad ?? null,
        position: a.position ?? null,
        testType,
        summary: { ...a, status: a.status ?? null, latestTestAt: a.latestTestAt ?? a.latest?.testedAt ?? null },
      });
    }
    next = page.next ?? undefined;
  } while (next);
  return rows;
}

/** `eccentric report [FILES…] [--status red,amber] [--csv] [--test-type T] [--as-of DATE]`. */
export async function runReport(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['status', 'test-type', 'as-of', 'team', 'api', 'token', 'local', 'settings', 'date-order', 'squad']);
  const testType = stringFlag(args, 'test-type') ?? 'Nordic';
  const levels = statusFilter(stringFlag(args, 'status'));
  const squadName = stringFlag(args, 'squad')?.toLowerCase();
  const now = asOfOf(stringFlag(args, 'as-of'));
  const offline = args.positionals.length > 0;
  if (!offline && args.flags.has('as-of')) throw new Error('--as-of is for files (report FILES…): the API serves its latest summaries');
  const { rows, refused } = offline ? await offlineRows(args, testType, now) : { rows: await apiRows(args, testType), refused: 0 };
  const shown = sortRows(rows).filter((r) => (levels === null || (r.summary.status !== null && levels.has(r.summary.status.level))) && (squadName === undefined || r.squad?.toLowerCase() === squadName));
  const colour = process.stdout.isTTY === true && !process.env.NO_COLOR;
  process.stdout.write(args.flags.has('csv') ? formatCsv(shown) : formatTable(shown, testType, now.toISOString(), colour));
  return refused > 0 ? 1 : 0;
}
