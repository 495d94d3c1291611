/**
 * The day/month order around one ingest: a file held because its dates do not settle the order (and the team
 * has none) is marked and explained; a file whose dates do settle it teaches it to a team that had none, and
 * the team's held uploads are read again.
 */
import type { HeldDates } from '#core/analyze/analyzer.ts';
import type { AnalyzeSummary } from '#core/analyze/summary.ts';
import { logger } from '../adapters/powertools.ts';
import { markHeld } from '../adapters/held-uploads.ts';
import { requestIngest } from '../adapters/ingest-queue.ts';
import { learnDateOrder, type StoredSettings } from '../adapters/settings-repository.ts';
import type { UploadRecord } from '../adapters/upload-repository.ts';
import { reingestHeld } from './held-date-order.ts';

export interface UploadRef {
  teamId: string;
  uploadId: string;
  key: string;
  versionId?: string | undefined;
  fileName: string;
}

/** What the user reads on a held upload. */
export function heldMessage(u: UploadRef, held: HeldDates): string {
  return (
    `held: ${held.rows.toLocaleString('en')} row${held.rows === 1 ? '' : 's'} not stored yet. No date in this file has a day above 12${held.example === null ? '' : ` (${held.example})`}, so its day/month order is not known, ` +
    `and the team has no date order set. Set the team's order with PUT /teams/${u.teamId}/settings {"dateOrder":"MDY"} (or "DMY"), ` +
    `or answer for this upload with POST /teams/${u.teamId}/uploads/${u.uploadId}/date-order {"dateOrder":"MDY"}; the upload is then read again`
  );
}

/**
 * A held file: marked for the re-read. If a day above 12 turned up after the rows waiting had to be let go,
 * the order is known: it becomes the team's (when it has none) and the file is queued again at once.
 */
export async function holdUpload(u: UploadRef, held: HeldDates, settings: StoredSettings, at: string): Promise<{ status: 'held' | 'queued'; held: UploadRecord['held'] }> {
  if (held.learned !== null && settings.dateOrder === undefined) {
    await learnDateOrder(u.teamId, held.learned.order, { uploadId: u.uploadId, fileName: u.fileName, evidence: held.learned.evidence, at });
    try {
      await requestIngest([{ key: u.key, versionId: u.versionId }], 'date-order-learned');
      return { status: 'queued', held: null };
    } catch (error) {
      logger.warn('could not queue the upload again; it stays held', { error: error as Error });
    }
  }
  await markHeld(u.teamId, { uploadId: u.uploadId, key: u.key, versionId: u.versionId, fileName: u.fileName, heldAt: at });
  return { status: 'held', held: { message: heldMessage(u, held), rows: held.rows, example: held.example } };
}

/** The file's dates settled the order and the team had none: it becomes the team's setting (reported). */
export async function learnFromFile(u: UploadRef, summary: AnalyzeSummary, settings: StoredSettings, at: string): Promise<UploadRecord['dateOrderLearned']> {
  const decided = summary.dateOrder;
  if (decided?.decidedBy !== 'values' || settings.dateOrder !== undefined) return null;
  const dateOrder = decided.used === 'MM/DD/YYYY' ? 'MDY' : 'DMY';
  const teamSetting = await learnDateOrder(u.teamId, dateOrder, { uploadId: u.uploadId, fileName: u.fileName, evidence: decided.evidence, at });
  if (teamSetting) {
    try {
      await reingestHeld(u.teamId);
    } catch (error) {
      // The learned order is stored: a later PUT settings (or answer) reads the held uploads again.
      logger.warn('held uploads could not be queued again', { error: error as Error });
    }
  }
  return { dateOrder, evidence: decided.evidence, teamSetting };
}
