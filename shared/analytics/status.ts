/** status.worst-flag@1: the worst level among the reasons (green when there are none), reds first. */
import type { Level, Reason, Status } from '../model/risk.ts';

export const STATUS_FORMULA = 'status.worst-flag@1';

const RANK: Record<Level, number> = { green: 0, amber: 1, red: 2 };

export function worse(a: Level, b: Level): Level {
  return RANK[b] > RANK[a] ? b : a;
}

export function statusOf(reasons: readonly Reason[]): Status {
  const sorted = [...reasons].sort(
    (a, b) => RANK[b.level] - RANK[a.level] || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) || ((a.side ?? '') < (b.side ?? '') ? -1 : (a.side ?? '') > (b.side ?? '') ? 1 : 0),
  );
  return { level: sorted.reduce<Level>((level, r) => worse(level, r.level), 'green'), reasons: sorted };
}
