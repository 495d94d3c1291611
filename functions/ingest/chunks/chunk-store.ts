/**
 * What a chunked upload keeps beside the upload, under `chunks/<team>/<upload>/<plan>/` (never served, expired
 * by the bucket's lifecycle rule): the plan every chunk reads, the file's analysis the last one reports, and one
 * result per chunk stored (its done marker: a chunk retried after it was written is not read again). And the
 * message that asks for one chunk, on the ingest-parts queue.
 */
import { z } from 'zod';
import { hash64Hex } from '#core/identity/hash64.ts';
import { TEAM_ID } from '#core/identity/id-grammar.ts';
import type { ChunkPlan } from '#core/analyze/chunk-plan.ts';
import type { AnalyzeSummary } from '#core/analyze/summary.ts';
import type { AnalyzeOptions } from '#core/analyze/analyzer.ts';
import type { Rejection, TestRecord } from '#core/model/test-record.ts';
import type { StoredSettings } from '../../adapters/settings-repository.ts';
import { sendMessages } from '../../adapters/queue-messages.ts';

export const chunksPrefix = 'chunks/';

const UPLOAD_ID = /^u[0-9a-f]{16}$/;
const PLAN_ID = /^[0-9a-f]{16}$/;

/** The body of one chunk's message. Every field becomes part of a key: each is held to its grammar. */
export const ChunkMessageSchema = z.object({
  eccentricChunk: z.object({
    teamId: z.string().regex(TEAM_ID),
    uploadId: z.string().regex(UPLOAD_ID),
    planId: z.string().regex(PLAN_ID),
    index: z.number().int().min(0).max(1_000_000),
  }),
});
export type ChunkMessage = z.infer<typeof ChunkMessageSchema>['eccentricChunk'];

/** One plan per ingest of an object version (a re-read of a held upload is a new one). */
export const planIdFor = (objectId: string) => hash64Hex(objectId);

const folder = (m: Pick<ChunkMessage, 'teamId' | 'uploadId' | 'planId'>) => `${chunksPrefix}${m.teamId}/${m.uploadId}/${m.planId}/`;
export const planKeyFor = (m: Pick<ChunkMessage, 'teamId' | 'uploadId' | 'planId'>) => `${folder(m)}plan.json`;
export const analysisKeyFor = (m: Pick<ChunkMessage, 'teamId' | 'uploadId' | 'planId'>) => `${folder(m)}analysis.json`;
export const partKeyFor = (m: ChunkMessage) => `${folder(m)}part-${m.index}.json`;

/** The options every chunk reads its range with: those the whole file was planned with. */
export type ChunkReadOptions = Pick<AnalyzeOptions, 'file' | 'dateOrder' | 'dateOrderSource' | 'uploadTimeMs' | 'asymmetryFormula'>;

export interface StoredPlan {
  planId: string;
  teamId: string;
  uploadId: string;
  key: string;
  versionId?: string | undefined;
  /** The object's ETag when planned: a chunk's ranged read of another version fails (If-Match). */
  eTag?: string | undefined;
  fileName: string;
  options: ChunkReadOptions;
  settings: StoredSettings;
  /** The team's alias links when planned: every chunk resolves athletes as the plan did. */
  aliases: [string, string][];
  plan: ChunkPlan;
}

/** The whole file's analysis, as the single-message path reports it. */
export interface StoredAnalysis {
  kind: string;
  summary: AnalyzeSummary;
  rejected: Rejection[];
  /** The latest test per athlete and type, without detail. */
  latest: TestRecord[];
}

/** What one chunk stored. */
export interface PartResult {
  storedTests: number;
  /** Records the store's contract refused (rejections, in file order). */
  invalid: Rejection[];
  /** Summary test id → the trace-only test it absorbed. */
  replaced: [string, string][];
}

/** Sends one message per chunk to the ingest-parts queue. */
export async function sendChunkMessages(m: Omit<ChunkMessage, 'index'>, count: number): Promise<void> {
  const url = process.env.INGEST_PARTS_QUEUE_URL;
  if (!url) throw new Error('environment variable INGEST_PARTS_QUEUE_URL is not set');
  await sendMessages(
    url,
    Array.from({ length: count }, (_, index) => ({ body: JSON.stringify({ eccentricChunk: { ...m, index } } satisfies z.infer<typeof ChunkMessageSchema>) })),
  );
}

/** Bytes per chunk: INGEST_CHUNK_BYTES (tests cut small files), else 4 MiB (~30,000 compact rows, well inside a 5-minute invocation). */
export function chunkBytes(): number {
  const set = Number(process.env.INGEST_CHUNK_BYTES);
  return Number.isInteger(set) && set >= 256 ? set : 4 * 1024 * 1024;
}

/** Chunked ingest needs its queue; without one (a handler test's environment) every file takes one message. */
export const chunkingEnabled = () => Boolean(process.env.INGEST_PARTS_QUEUE_URL);
