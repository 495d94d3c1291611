/**
 * Held uploads (their dates did not settle the day/month order, and the team had none) go back to the ingest
 * queue once an order is known: the team's setting (PUT settings, or learned from another file) or an answer
 * for one upload (POST …/uploads/{uploadId}/date-order).
 */
import type { DateOrder } from '#core/dates/test-time.ts';
import { listHeld } from '../adapters/held-uploads.ts';
import { requestIngest } from '../adapters/ingest-queue.ts';
import { learnDateOrder, loadTeamSettings } from '../adapters/settings-repository.ts';
import { saveUpload, type UploadRecord } from '../adapters/upload-repository.ts';

/** Sends the team's held uploads (or one of them) to be read again; returns their ids. */
export async function reingestHeld(teamId: string, only?: string): Promise<string[]> {
  const held = (await listHeld(teamId)).filter((h) => only === undefined || h.uploadId === only);
  if (held.length === 0) return [];
  // Queued before the messages go: a fast ingest's `processing` and `done` must come after it, not before.
  const mark = async (status: 'queued' | 'held') => {
    const at = new Date().toISOString();
    for (const h of held) await saveUpload({ uploadId: h.uploadId, teamId, key: h.key, fileName: h.fileName, status }, at);
  };
  await mark('queued');
  try {
    await requestIngest(held, 'date-order');
  } catch (error) {
    await mark('held');
    throw error;
  }
  return held.map((h) => h.uploadId);
}

export interface DateOrderAnswer {
  uploadId: string;
  dateOrder: DateOrder;
  /** The team's order after the answer: the answer itself when the team had none. */
  teamDateOrder: DateOrder;
  reingested: string[];
}

/**
 * An answer for one held upload: kept on the upload (ingest reads it), and the team's order when it has none
 * (then every held upload of the team is read again, not only this one).
 */
export async function answerDateOrder(teamId: string, upload: UploadRecord, dateOrder: DateOrder): Promise<DateOrderAnswer> {
  const at = new Date().toISOString();
  await saveUpload({ uploadId: upload.uploadId, teamId, key: upload.key, fileName: upload.fileName, status: upload.status, dateOrderAnswer: dateOrder }, at);
  const settings = await loadTeamSettings(teamId);
  const becameTeams =
    settings.dateOrder === undefined &&
    (await learnDateOrder(teamId, dateOrder, { uploadId: upload.uploadId, fileName: upload.fileName, evidence: `answered for upload ${upload.uploadId}`, at }));
  const reingested = await reingestHeld(teamId, becameTeams ? undefined : upload.uploadId);
  return { uploadId: upload.uploadId, dateOrder, teamDateOrder: becameTeams ? dateOrder : (settings.dateOrder ?? dateOrder), reingested };
}
