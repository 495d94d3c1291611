/** An upload's status in words, without the DOM (unit tests read it outside a browser). */
export const STATUS_WORDS: Record<string, string> = {
  queued: 'Queued',
  'awaiting-upload': 'Queued',
  processing: 'Processing',
  done: 'Done',
  rejected: 'Rejected',
  failed: 'Failed',
  held: 'Held: dates need a day/month order',
};

/** The status in words; a large upload being stored says how far its parts are. */
export function statusText(u: { status: string; parts?: { total: number; done: number } | undefined }): string {
  const words = STATUS_WORDS[u.status] ?? u.status;
  return u.status === 'processing' && u.parts ? `${words}: ${u.parts.done} of ${u.parts.total} parts stored` : words;
}

export const isFinal = (status: string) => status === 'done' || status === 'rejected' || status === 'failed' || status === 'held';
