import { Readable } from 'node:stream';
import { analyzeUpload, type UploadResult } from '#core/analyze/analyze-upload.ts';
import { aliasKeys, resolverFromAliases } from '#core/identity/athlete-id.ts';
import { idKey } from '#core/identity/id-grammar.ts';
import type { AthleteProfile } from '#core/model/athlete-profile.ts';
import type { TestRecord } from '#core/model/test-record.ts';
import type { WorkoutRecord } from '#core/model/workout-record.ts';
import { assembleSquad } from '#core/analytics/assemble.ts';
import { summariseSquad } from '#core/analytics/squad.ts';
import { riskSettingDefaults } from '#core/analytics/settings.ts';
import { buildDemoSquad, type DemoSquadOptions } from '#core/synthetic/demo-squad.ts';

/** The demo squad's files through the analyzer (roster first, its links resolving the rest, as ingest does), then the offline core. */
export async function demoThroughCore(options: DemoSquadOptions = {}, asOf?: Date) {
  const demo = buildDemoSquad(options);
  const profiles: AthleteProfile[] = [];
  const tests: TestRecord[] = [];
  const workouts: WorkoutRecord[] = [];
  const results: UploadResult[] = [];
  const aliases = new Map<string, string>();
  const ids = new Map<string, string>();
  for (const file of demo.files) {
    const result = await analyzeUpload(
      Readable.from([Buffer.from(file.body)]),
      { file: file.name, resolveAthlete: resolverFromAliases(aliases), knownAthleteId: (id) => ids.get(idKey(id)), requireKnownAthlete: file.name !== 'demo-roster.csv', uploadTimeMs: (asOf ?? demo.asOf).getTime() },
      { test: (t) => tests.push(t), workout: (w) => workouts.push(w), athlete: (p) => profiles.push(p) },
    );
    results.push(result);
    for (const p of profiles) {
      ids.set(idKey(p.athleteId), p.athleteId);
      for (const key of aliasKeys({ name: p.name, externalId: p.externalId, valdProfileId: p.valdProfileId })) aliases.set(key, p.athleteId);
    }
  }
  const squad = summariseSquad(assembleSquad(profiles, tests, workouts), riskSettingDefaults, asOf ?? demo.asOf);
  return { demo, results, squad, tests, workouts };
}
