/**
 * `eccentric report FILES…`: the files analysed by the same core ingest uses (exports, traces, rosters,
 * workout logs, in any order: non-roster files are read again through the roster's links once one is
 * found), then the squad summarised offline — no server.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { analyzeUpload, type UploadResult } from '#core/analyze/analyze-upload.ts';
import type { DateOrder } from '#core/dates/test-time.ts';
import { aliasKeys, resolverFromAliases } from '#core/identity/athlete-id.ts';
import { idKey } from '#core/identity/id-grammar.ts';
import type { AthleteProfile } from '#core/model/athlete-profile.ts';
import type { TestRecord } from '#core/model/test-record.ts';
import type { WorkoutRecord } from '#core/model/workout-record.ts';
import { assembleSquad, type AssembledAthlete } from '#core/analytics/assemble.ts';

export interface OfflineData {
  athletes: AssembledAthlete[];
  results: UploadResult[];
}

interface Read {
  result: UploadResult;
  tests: TestRecord[];
  workouts: WorkoutRecord[];
  profiles: AthleteProfile[];
}

async function read(file: string, options: Parameters<typeof analyzeUpload>[1]): Promise<Read> {
  const tests: TestRecord[] = [];
  const workouts: WorkoutRecord[] = [];
  const profiles: AthleteProfile[] = [];
  const result = await analyzeUpload(createReadStream(file), { ...options, file: basename(file) }, { test: (t) => tests.push(t), workout: (w) => workouts.push(w), athlete: (p) => profiles.push(p) });
  return { result, tests, workouts, profiles };
}

export async function readOffline(files: readonly string[], dateOrder: DateOrder | undefined): Promise<OfflineData> {
  for (const file of files) if (!existsSync(file) || !statSync(file).isFile()) throw new Error(`${file}: ${existsSync(file) ? 'not a file' : 'no such file'}`);
  let reads = await Promise.all(files.map((f) => read(f, { file: f, dateOrder })));
  const profiles = reads.flatMap((r) => r.profiles);
  if (profiles.length > 0) {
    const aliases = new Map<string, string>();
    const ids = new Map<string, string>();
    for (const p of profiles) {
      ids.set(idKey(p.athleteId), p.athleteId);
      for (const key of aliasKeys({ name: p.name, externalId: p.externalId, valdProfileId: p.valdProfileId })) aliases.set(key, p.athleteId);
    }
    const links = { dateOrder, resolveAthlete: resolverFromAliases(aliases), knownAthleteId: (id: string) => ids.get(idKey(id)) };
    reads = await Promise.all(reads.map((r, i) => (r.result.kind === 'roster' ? r : read(files[i]!, { file: files[i]!, ...links }))));
  }
  return {
    athletes: assembleSquad(profiles, reads.flatMap((r) => r.tests), reads.flatMap((r) => r.workouts)),
    results: reads.map((r) => r.result),
  };
}
