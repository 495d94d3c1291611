/** A status as a word and an icon as well as a colour (never by colour alone). */
import { levelStyle } from '../../../shared/charts/palette.ts';
import type { Level } from '../../../shared/model/risk.ts';
import { el } from '../dom.ts';

export function statusBadge(level: Level | null | undefined) {
  if (!level) return el('span', { class: 'badge badge-none', title: 'no status yet: the risk analysis has not run' }, el('span', { class: 'icon', 'aria-hidden': 'true' }, '–'), ' not rated');
  const s = levelStyle[level];
  return el('span', { class: `badge badge-${level}` }, el('span', { class: 'icon', 'aria-hidden': 'true', style: `color:${s.color}` }, s.icon), ` ${s.word}`);
}
