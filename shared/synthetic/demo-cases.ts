/**
 * The demo's designed athletes whose Nordic series the Hub generator cannot draw (its forces follow one
 * straight line): a widening imbalance, a post-match drop-off, a return from injury, and three athletes
 * whose flags come from their workout logs (no Nordics, a poor bridge test, light prone curls). Their tests
 * are a second Hub-style export (MM/DD/YYYY, forces in 0.25 N steps, Hub's imbalance, a Notes column).
 */
import { hubImbalancePct, mulberry32 } from './hub-export.ts';

export type CaseProfile = 'widening' | 'post-match' | 'no-nordics' | 'poor-bridge' | 'light-prone-curl' | 'returning';

export interface DemoCase {
  name: string;
  profile: CaseProfile;
  bodyMassKg: number;
  /** Roster injuries: the injured side, on the season's week INJURY_WEEK (`injuryDayOf`). */
  injuries: ('left' | 'right')[];
}

export const DEMO_CASES: DemoCase[] = [
  { name: 'Theo Vance', profile: 'widening', bodyMassKg: 82.4, injuries: [] },
  { name: 'Ruben Alves', profile: 'post-match', bodyMassKg: 77.9, injuries: [] },
  { name: 'Milo Hartmann', profile: 'no-nordics', bodyMassKg: 88.1, injuries: [] },
  { name: 'Ade Okafor', profile: 'poor-bridge', bodyMassKg: 74.6, injuries: [] },
  { name: 'Sami Virtanen', profile: 'light-prone-curl', bodyMassKg: 85.0, injuries: [] },
  { name: 'Luca Romano', profile: 'returning', bodyMassKg: 80.3, injuries: ['left'] },
];

/** The returning athlete's injury: the Tuesday of the season's week 9 (2026-10-06 for the default season); no test for two weeks after it. */
export const INJURY_WEEK = 9;
export const injuryDayOf = (startMs: number): string => new Date(startMs + INJURY_WEEK * 7 * 86_400_000).toISOString().slice(0, 10);

const COLUMNS = ['Name', 'ExternalId', 'Date UTC', 'Time UTC', 'Device', 'Test', 'L Reps', 'R Reps', 'L Max Force (N)', 'R Max Force (N)', 'Max Imbalance (%)', 'L Avg Force (N)', 'R Avg Force (N)', 'Notes'];
const DAY_MS = 86_400_000;
const q = (x: number) => Math.round(x * 4) / 4;
const pad2 = (n: number) => String(n).padStart(2, '0');
const usDate = (ms: number) => {
  const d = new Date(ms);
  return `${pad2(d.getUTCMonth() + 1)}/${pad2(d.getUTCDate())}/${d.getUTCFullYear()}`;
};

interface Row {
  ms: number;
  time: string;
  left: number;
  right: number;
  notes: string;
}

/** Peak forces of week `w` (0-based) for one case; null: no test that week. */
function forces(profile: CaseProfile, w: number, weeks: number, jitter: () => number): [number, number] | null {
  const j = () => 1 + (jitter() - 0.5) * 0.01; // ±0.5 %
  switch (profile) {
    case 'widening': {
      // Left steady at 420 N; the right leg grows from week 9: imbalance 4 % → ~12 %, ~1 %/week.
      const imb = w < weeks - 9 ? 4 : 4 + (w - (weeks - 9)) * 1.0;
      return [420 * j(), (420 / (1 - imb / 100)) * j()];
    }
    case 'returning': {
      const injuryWeek = INJURY_WEEK;
      if (w < injuryWeek) return [430 * j(), 440 * j()];
      if (w < injuryWeek + 2) return null;
      // Back testing two weeks later at 68 % of the pre-injury left, gaining ~2.5 % a week.
      const pct = 0.68 + (w - injuryWeek - 2) * 0.025;
      return [430 * pct * j(), 435 * j()];
    }
    default:
      return [(400 + 10 * (w % 3)) * j(), (410 + 10 * ((w + 1) % 3)) * j()];
  }
}

/** The cases' export; `startMs` is the season's first Tuesday, `weeks` its sessions. */
export function demoCasesExportCsv(startMs: number, weeks: number, seed: number): string {
  const lines = [COLUMNS.map((c) => `"${c}"`).join(',')];
  DEMO_CASES.forEach((c, i) => {
    const jitter = mulberry32(seed ^ (0xca5e + i));
    const rows: Row[] = [];
    for (let w = 0; w < weeks; w++) {
      const f = forces(c.profile, w, weeks, jitter);
      if (f !== null) rows.push({ ms: startMs + w * 7 * DAY_MS, time: `${3 + (i % 2)}:${pad2(10 + 5 * i)} PM`, left: q(f[0]), right: q(f[1]), notes: '' });
    }
    if (c.profile === 'post-match') {
      // The Saturday morning after the last Friday match: −11 % left, −8 % right of its ~410 / 420 N fresh baseline.
      const saturday = startMs + (weeks - 1) * 7 * DAY_MS + 4 * DAY_MS;
      rows.push({ ms: saturday, time: '9:05 AM', left: q(410 * 0.89), right: q(420 * 0.92), notes: 'MD+1 post-match' });
    }
    for (const r of rows.reverse()) {
      const cells = [c.name, '', usDate(r.ms), r.time, 'NordBord-0786', 'Nordic', '3', '3', String(r.left), String(r.right), String(hubImbalancePct(r.left, r.right)), String(q(r.left * 0.95)), String(q(r.right * 0.95)), r.notes];
      lines.push(cells.map((x) => `"${x}"`).join(','));
    }
  });
  return `\uFEFF${lines.join('\n')}`;
}
