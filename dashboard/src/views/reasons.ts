/** A status's reasons as a list: the coach's sentence, then its source (when the sentence does not name it) and formula. */
import type { Reason } from '../../../shared/model/risk.ts';
import { el } from '../dom.ts';
import { statusBadge } from '../ui/status.ts';

function extra(r: Reason): string {
  return [r.message.includes(r.source) ? null : r.source, r.formula].filter(Boolean).join(', ');
}

export const reasonList = (reasons: Reason[]) =>
  reasons.length === 0
    ? el('p', {}, 'No flags: every check is within its threshold.')
    : el('ul', { class: 'reasons' }, ...reasons.map((r) => el('li', {}, statusBadge(r.level), ' ', r.message, extra(r) ? el('span', { class: 'sub' }, ` — ${extra(r)}`) : null)));
