/**
 * The upload item within DynamoDB's 400 KB (the full report is in S3 either way): a file of 40,000 athletes
 * or of long rejection reasons made the report's own write fail, and with it an upload whose rows were fine.
 * Lists are cut, largest first, with what was left out said on the item.
 */
import { itemBytes } from '#core/store-limits/stored-items.ts';
import type { UploadRecord } from '../adapters/upload-repository.ts';

/** Well below 400 KB: keys, the list index's sort key and the set clauses' overhead are not counted here. */
const BUDGET_BYTES = 300 * 1024;

type Saved = Partial<UploadRecord> & Pick<UploadRecord, 'uploadId' | 'teamId' | 'key' | 'fileName' | 'status'>;

export function boundedUpload<T extends Saved>(record: T): T & { listsCut?: string } {
  if (itemBytes(record) <= BUDGET_BYTES) return record;
  const cut: string[] = [];
  let r: T = record;
  const shorten = (field: 'newAthletes' | 'rejected' | 'relinked', keep: number) => {
    const list = r[field] as unknown[] | undefined;
    if (!list || list.length <= keep) return;
    r = { ...r, [field]: list.slice(0, keep) };
    cut.push(`${field}: first ${keep} of ${list.length}`);
  };
  for (const keep of [1000, 100, 10, 0]) {
    shorten('newAthletes', keep);
    shorten('relinked', keep);
    shorten('rejected', Math.min(keep, 20));
    if (itemBytes(r) <= BUDGET_BYTES) break;
  }
  if (itemBytes(r) > BUDGET_BYTES && r.summary) {
    const types = Object.entries(r.summary.testTypes);
    r = { ...r, summary: { ...r.summary, testTypes: Object.fromEntries(types.sort((a, b) => b[1] - a[1]).slice(0, 20)) } };
    cut.push(`summary.testTypes: the 20 most frequent of ${types.length}`);
  }
  return { ...r, listsCut: `${cut.join('; ')} (the full report is at reportKey)` };
}
