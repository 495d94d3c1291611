/**
 * Prior hamstring injury (injury.prior@1; Bourne 2015: previous injury 4.1× in rugby union) and return to
 * play (rtp.pct-of-baseline@1) for an injury within `rtp.windowDays`: the injured leg's fresh tests after the
 * injury as % of its last pre-injury baseline (the baseline.rolling@1 tests before the injury date), beside
 * the limb symmetry (injured / uninjured × 100). Cleared at `targetPct` (default 90 %). The pre-injury
 * baseline is the reference, not the other leg: eccentric deficits persist after return to play and the
 * uninjured leg detrains too (Maniar 2016). Without a test before the injury, limb symmetry is the reference.
 * An injury whose side is `both` or unknown is followed on the leg that is further from its reference.
 */
import type { Leg, Reason, ReturnToPlay } from '../model/risk.ts';
import { baselinePoints } from './baseline.ts';
import type { AthleteProfileInput } from './input.ts';
import type { Point } from './series.ts';
import type { RiskSettings } from './settings.ts';
import { DAY_MS, mean, round1 } from './stats.ts';

export const RTP_FORMULA = 'rtp.pct-of-baseline@1';
export const PRIOR_INJURY_FORMULA = 'injury.prior@1';

type Injury = AthleteProfileInput['injuries'][number];
const injuryMs = (i: Injury) => Date.parse(`${i.date}T00:00:00.000Z`);
const other = (leg: Leg): Leg => (leg === 'left' ? 'right' : 'left');

/** The most recent injury on or before now, if any. */
function latestInjury(injuries: readonly Injury[], nowMs: number): Injury | null {
  let found: Injury | null = null;
  for (const i of injuries) if (injuryMs(i) <= nowMs && (found === null || i.date > found.date)) found = i;
  return found;
}

function rtpForLeg(points: readonly Point[], injury: Injury, side: Leg, settings: RiskSettings): ReturnToPlay {
  const at = injuryMs(injury);
  const before = baselinePoints(points, at, side, settings);
  const baseline = mean(before.map((p) => p[side]!));
  const after = points.filter((p) => p.ms >= at && p.postLoad === null);
  const rows = after.map((p) => {
    const injuredN = p[side];
    const uninjuredN = p[other(side)];
    return {
      testedAt: p.testedAt,
      injuredN,
      uninjuredN,
      pctOfBaseline: injuredN === null || baseline === null ? null : round1((injuredN / baseline) * 100),
      limbSymmetryPct: injuredN === null || uninjuredN === null || uninjuredN <= 0 ? null : round1((injuredN / uninjuredN) * 100),
    };
  });
  const reference = baseline === null ? 'uninjured-limb' : 'pre-injury-baseline';
  const last = rows.at(-1);
  const latest = last === undefined ? null : reference === 'pre-injury-baseline' ? last.pctOfBaseline : last.limbSymmetryPct;
  return {
    formula: RTP_FORMULA,
    injury: { date: injury.date, side },
    preInjuryBaselineN: baseline === null ? null : round1(baseline),
    points: rows,
    latestPctOfBaseline: latest,
    targetPct: settings.rtp.targetPct,
    cleared: latest !== null && latest >= settings.rtp.targetPct,
    reference,
    source: settings.rtp.source,
  };
}

export function rtpOf(points: readonly Point[], injuries: readonly Injury[], settings: RiskSettings, nowMs: number): ReturnToPlay | null {
  const injury = latestInjury(injuries, nowMs);
  if (injury === null || nowMs - injuryMs(injury) > settings.rtp.windowDays * DAY_MS) return null;
  if (injury.side === 'left' || injury.side === 'right') return rtpForLeg(points, injury, injury.side, settings);
  const [l, r] = [rtpForLeg(points, injury, 'left', settings), rtpForLeg(points, injury, 'right', settings)];
  return (r.latestPctOfBaseline ?? Infinity) < (l.latestPctOfBaseline ?? Infinity) ? r : l;
}

export function rtpReasons(rtp: ReturnToPlay | null, testType: string): Reason[] {
  if (rtp === null || rtp.cleared) return [];
  const { side, date } = rtp.injury;
  if (rtp.latestPctOfBaseline === null) {
    return [
      {
        code: 'rtp-no-test',
        level: 'amber',
        message: `Returning from ${side} hamstring injury (${date}): no ${testType} test since`,
        value: null,
        threshold: rtp.targetPct,
        source: rtp.source,
        side,
        formula: RTP_FORMULA,
      },
    ];
  }
  const of = rtp.reference === 'pre-injury-baseline' ? `of pre-injury ${Math.round(rtp.preInjuryBaselineN!)} N` : 'of the uninjured leg';
  return [
    {
      code: 'rtp-deficit',
      level: 'red',
      message: `Returning from ${side} injury (${date}): ${Math.round(rtp.latestPctOfBaseline)} % ${of} < ${rtp.targetPct} % (${rtp.source})`,
      value: rtp.latestPctOfBaseline,
      threshold: rtp.targetPct,
      source: rtp.source,
      side,
      formula: RTP_FORMULA,
    },
  ];
}

/** A hamstring injury within `lookbackMonths`, unless a return to play from it is still being followed. */
export function priorInjuryReasons(injuries: readonly Injury[], rtp: ReturnToPlay | null, settings: RiskSettings, nowMs: number): Reason[] {
  const { lookbackMonths, source } = settings.priorInjury;
  const injury = latestInjury(injuries, nowMs);
  if (injury === null || lookbackMonths === 0) return [];
  const days = (nowMs - injuryMs(injury)) / DAY_MS;
  if (days > lookbackMonths * 30.44) return [];
  if (rtp !== null && !rtp.cleared && rtp.injury.date === injury.date) return [];
  const side = injury.side === 'left' || injury.side === 'right' ? injury.side : undefined;
  return [
    {
      code: 'prior-injury',
      level: 'amber',
      message: `Prior hamstring injury ${injury.date}${injury.side ? ` (${injury.side})` : ''}: a previous injury raises the risk (${source})`,
      value: round1(days / 30.44),
      threshold: lookbackMonths,
      source,
      ...(side ? { side } : {}),
      formula: PRIOR_INJURY_FORMULA,
    },
  ];
}
