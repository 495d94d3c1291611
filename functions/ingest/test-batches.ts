/**
 * A file's summary tests on their way to the table, for both paths (ingest-object.ts, chunks/ingest-chunk.ts):
 * the storage boundary (only records that match the published contract are written; the others become
 * `contract-violation` rejections), writes in batches while the file is still read, and each stored batch's
 * waiting traces absorbed (trace-merge.ts).
 */
import { TestRecordSchema, type Rejection, type TestRecord } from '#core/model/test-record.ts';
import { putTests } from '../adapters/test-repository.ts';
import type { IngestStage } from './failure-message.ts';
import { contractViolation, WRITE_BATCH } from './ingest-outcome.ts';
import { absorbPendingTraces, type PendingTraces } from './trace-merge.ts';

export class TestBatches {
  storedTests = 0;
  /** Records the contract refused, in file order. */
  readonly invalid: Rejection[] = [];
  /** Summary test id → the trace-only test it absorbed (for the latest-test update). */
  readonly replaced = new Map<string, string>();
  /** Athletes of the stored tests. */
  readonly touched = new Set<string>();
  private buffered: TestRecord[] = [];
  private readonly teamId: string;
  private readonly uploadId: string;
  private readonly pendingTraces: PendingTraces;
  private readonly progress: { stage: IngestStage };

  constructor(teamId: string, uploadId: string, pendingTraces: PendingTraces, progress: { stage: IngestStage }) {
    this.teamId = teamId;
    this.uploadId = uploadId;
    this.pendingTraces = pendingTraces;
    this.progress = progress;
  }

  /** The storage boundary: false (and a rejection) when the record does not match the contract. */
  accepts(t: TestRecord): boolean {
    const checked = TestRecordSchema.safeParse(t);
    if (!checked.success) this.invalid.push(contractViolation(t, checked.error));
    return checked.success;
  }

  add(t: TestRecord): void {
    this.buffered.push(t);
  }

  /** A batch is due: WRITE_BATCH records waiting, `others` (a workout log's rows) counted with them. */
  due(others = 0): boolean {
    return this.buffered.length + others >= WRITE_BATCH;
  }

  async flush(): Promise<void> {
    if (this.buffered.length === 0) return;
    const batch = this.buffered;
    this.buffered = [];
    this.progress.stage = 'tests';
    await putTests(this.teamId, this.uploadId, batch);
    for (const t of batch) this.touched.add(t.athleteId);
    for (const [id, traceId] of await absorbPendingTraces(this.teamId, batch, this.pendingTraces)) this.replaced.set(id, traceId);
    this.storedTests += batch.length;
    this.progress.stage = 'read';
  }
}
