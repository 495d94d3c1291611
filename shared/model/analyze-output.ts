import { z } from 'zod';
import { AthleteProfileSchema } from './athlete-profile.ts';
import { RejectionSchema, TestRecordSchema } from './test-record.ts';
import { WorkoutRecordSchema } from './workout-record.ts';

export const InputKindSchema = z.enum(['vald-hub-results', 'vald-api-tests', 'roster', 'workout-log', 'vald-api-trace', 'vald-force-trace-csv', 'eccentric-trace', 'unsupported', 'mixed']);

export const SummarySchema = z
  .object({
    file: z.string(),
    kind: InputKindSchema,
    format: z.object({
      container: z.enum(['csv', 'json']).nullable(),
      bom: z.boolean(),
      delimiter: z.string().nullable(),
      decimalComma: z.boolean(),
      headerLine: z.number().int().nullable(),
      columnsMapped: z.record(z.string(), z.number().int()),
      columnsIgnored: z.number().int(),
    }),
    dateOrder: z
      .object({ used: z.string(), decidedBy: z.enum(['values', 'setting', 'default']), evidence: z.string() })
      .nullable()
      .describe('The day/month order used for numeric dates and why; null when every date was ISO'),
    rows: z.number().int(),
    tests: z.number().int(),
    workouts: z.number().int().describe('Distinct workout-log rows (workout-log files only)'),
    duplicateRows: z.number().int(),
    noRepRows: z.number().int(),
    noRepDistinct: z.number().int(),
    rejectedRows: z.number().int(),
    rejectedByCode: z.record(z.string(), z.number().int()),
    athletes: z.number().int(),
    testTypes: z.record(z.string(), z.number().int()),
    dateRange: z.object({ from: z.string(), to: z.string() }).nullable(),
    warnings: z.record(z.string(), z.number().int()),
    zeroRepsWithForceKept: z.number().int(),
  })
  .describe('Per-file facts of the report');

/** What `eccentric analyze --json` prints: exactly what ingest would store and reject. */
export const AnalyzeOutputSchema = z.object({
  kind: InputKindSchema,
  tests: z.array(TestRecordSchema),
  athletes: z.array(AthleteProfileSchema).describe('Roster profiles (roster uploads only)'),
  workouts: z.array(WorkoutRecordSchema).describe('Workout-log rows (workout-log uploads only)'),
  rejected: z.array(RejectionSchema),
  summary: z.union([SummarySchema, z.object({ files: z.array(SummarySchema) })]).describe('One summary, or one per file when several were analyzed'),
});
export type AnalyzeOutput = z.infer<typeof AnalyzeOutputSchema>;

export const analyzeOutputJsonSchema = () =>
  z.toJSONSchema(AnalyzeOutputSchema, { target: 'draft-2020-12', io: 'output' }) as Record<string, unknown>;
