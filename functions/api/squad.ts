import { bodyMassPlausible } from '#core/quality/warnings.ts';
import { relativeForce } from '#core/metrics/relative-force.ts';
import type { AthleteItem, LatestTest } from '../adapters/athlete-repository.ts';

const DAY_MS = 86_400_000;

/** Body mass used for relative force: the roster's, else what the export's per-kg columns implied. */
export function bodyMassOf(athlete: Pick<AthleteItem, 'bodyMassKg'>, fromTest: number | null): number | null {
  const mass = athlete.bodyMassKg ?? fromTest;
  return mass != null && bodyMassPlausible(mass) ? mass : null;
}

type Named = Pick<AthleteItem, 'athleteId' | 'name' | 'externalId' | 'valdProfileId'>;

/**
 * What to show for an athlete: the name, else a label from the id it came with. Athletes first seen in
 * VALD API rows have only a profile id (a UUID) until a roster names them.
 */
export function displayName(athlete: Named): string {
  if (athlete.name) return athlete.name;
  const short = (id: string) => (id.length > 8 ? `${id.slice(0, 8)}…` : id);
  if (athlete.valdProfileId) return `VALD athlete ${short(athlete.valdProfileId)}`;
  if (athlete.externalId) return `Athlete ${athlete.externalId}`;
  return `Athlete ${short(athlete.athleteId)}`;
}

const byName = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

/** Named athletes first, by name (accents and case aside, `Athlete 2` before `Athlete 10`), then the unnamed by label. */
export function squadOrder(a: Named, b: Named): number {
  if (!a.name !== !b.name) return a.name ? -1 : 1;
  return byName.compare(displayName(a), displayName(b)) || (a.athleteId < b.athleteId ? -1 : a.athleteId > b.athleteId ? 1 : 0);
}

/** One squad row: the athlete and their latest test of the requested type (never mixing types). */
export function squadRow(athlete: AthleteItem, testType: string, now: Date) {
  const latest: LatestTest | undefined = athlete.latest[testType];
  return {
    athleteId: athlete.athleteId,
    name: athlete.name,
    displayName: displayName(athlete),
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
    displayName: displayName(athlete),
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
