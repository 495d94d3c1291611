import { bodyMassPlausible } from '#core/quality/warnings.ts';
import { relativeForce } from '#core/metrics/relative-force.ts';
import type { AthleteItem, LatestTest } from '../adapters/athlete-repository.ts';

const DAY_MS = 86_400_000;

/** Body mass used for relative force: the roster's, else what the export's per-kg columns implied. */
export function bodyMassOf(athlete: Pick<AthleteItem, 'bodyMassKg'>, fromTest: number | null): number | null {
  const mass = athlete.bodyMassKg ?? fromTest;
  return mass != null && bodyMassPlausible(mass) ? mass : null;
}

/** One squad row: the athlete and their latest test of the requested type (never mixing types). */
export function squadRow(athlete: AthleteItem, testType: string, now: Date) {
  const latest: LatestTest | undefined = athlete.latest[testType];
  return {
    athleteId: athlete.athleteId,
    name: athlete.name,
    squad: athlete.squad ?? null,
    position: athlete.position ?? null,
    bodyMassKg: athlete.bodyMassKg ?? null,
    latest: latest ? latestRow(athlete, latest, now) : null,
  };
}

/** One athlete's profile (roster fields and links) and their latest test of every type. */
export function athleteProfile(athlete: AthleteItem, now: Date) {
  return {
    athleteId: athlete.athleteId,
    name: athlete.name,
    externalId: athlete.externalId ?? null,
    valdProfileId: athlete.valdProfileId ?? null,
    squad: athlete.squad ?? null,
    position: athlete.position ?? null,
    sport: athlete.sport ?? null,
    bodyMassKg: athlete.bodyMassKg ?? null,
    dateOfBirth: athlete.dateOfBirth ?? null,
    injuries: athlete.injuries ?? [],
    createdAt: athlete.createdAt,
    updatedAt: athlete.updatedAt,
    latest: Object.fromEntries(Object.entries(athlete.latest).map(([type, latest]) => [type, latestRow(athlete, latest, now)])),
  };
}

/** `daysSince`: whole 24-hour periods from the test time to `now` (UTC). */
function latestRow(athlete: AthleteItem, latest: LatestTest, now: Date) {
  const mass = bodyMassOf(athlete, latest.bodyMassKg);
  return {
    testId: latest.testId,
    testedAt: latest.testedAt,
    testType: latest.testType,
    left: { peakN: latest.left.peakN, peakNPerKg: relativeForce(latest.left.peakN, mass), repCount: latest.left.repCount },
    right: { peakN: latest.right.peakN, peakNPerKg: relativeForce(latest.right.peakN, mass), repCount: latest.right.repCount },
    asymmetry: latest.asymmetry,
    warnings: latest.warnings,
    daysSince: Math.floor((now.getTime() - Date.parse(latest.testedAt)) / DAY_MS),
  };
}
