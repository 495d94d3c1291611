/** A status's reasons as a list: the coach's sentence, then level and source. */
import type { Reason } from '../../../shared/model/risk.ts';
import { el } from '../dom.ts';
import { statusBadge } from '../ui/status.ts';

export const reasonList = (reasons: Reason[]) =>
  reasons.length === 0
    ? el('p', {}, 'No flags: every check is within its threshold.')
    : el(
        'ul',
        { class: 'reasons' },
        ...reasons.map((r) => el('li', {}, statusBadge(r.level), ' ', r.message, el('span', { class: 'sub' }, ` — ${r.source}${r.formula ? `, ${r.formula}` : ''}`))),
      );
