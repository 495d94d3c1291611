/** Squad view: one row per athlete, filterable, searchable, sortable, with status counts and the newest data. */
import type { Level } from '../../../shared/model/risk.ts';
import { nameOf, type SquadRow } from '../api/types.ts';
import { squadOf, type AppContext } from '../context.ts';
import { el, fmt, replace } from '../dom.ts';
import { downloadText } from '../ui/csv-download.ts';
import { empty, errorState, loading } from '../ui/states.ts';
import { statusBadge } from '../ui/status.ts';
import { sortableTable } from '../ui/table.ts';
import { reasonList } from './reasons.ts';
import { squadColumns } from './squad-columns.ts';

const distinct = (rows: SquadRow[], key: 'squad' | 'position') => [...new Set(rows.map((r) => r[key]).filter((v): v is string => !!v))].sort();

function select(id: string, label: string, values: string[], allLabel: string) {
  return el('label', { for: id }, label, el('select', { id }, el('option', { value: '' }, allLabel), ...values.map((v) => el('option', { value: v }, v))));
}

/** `GET /teams/{t}/export.csv`, as the API writes it (formula-safe cells, each metric with its formula). */
async function downloadFullExport(ctx: AppContext, status: HTMLElement): Promise<void> {
  status.textContent = ' preparing…';
  try {
    const csv = await ctx.api.exportCsv();
    if (csv === null) {
      status.textContent = ' The full export comes with the risk analysis; the table’s Export CSV has the latest tests.';
      return;
    }
    downloadText(`eccentric-${ctx.api.teamId}.csv`, csv);
    status.textContent = ' downloaded.';
  } catch (error) {
    status.textContent = ` Not downloaded: ${(error as Error).message}`;
  }
}

export function newestData(rows: SquadRow[]): string | null {
  let newest: string | null = null;
  for (const r of rows) if (r.latest && (!newest || r.latest.testedAt > newest)) newest = r.latest.testedAt;
  return newest;
}

export function statusCounts(rows: SquadRow[]): Record<Level | 'none', number> {
  const counts = { red: 0, amber: 0, green: 0, none: 0 };
  for (const r of rows) counts[r.status?.level ?? 'none']++;
  return counts;
}

export async function renderSquad(ctx: AppContext, main: HTMLElement): Promise<void> {
  replace(main, el('h1', { tabindex: '-1' }, 'Squad'), loading('the squad'));
  let rows: SquadRow[];
  try {
    rows = (await squadOf(ctx)).athletes;
  } catch (error) {
    if (ctx.current()) replace(main, el('h1', { tabindex: '-1' }, 'Squad'), errorState('the squad', error));
    return;
  }
  if (!ctx.current()) return;
  if (rows.length === 0) {
    replace(main, el('h1', { tabindex: '-1' }, 'Squad'), empty('No athletes in this team yet.', 'Upload a roster or a NordBord export on the Uploads page.'), el('p', {}, el('a', { href: '#/uploads' }, 'Go to Uploads')));
    return;
  }
  const counts = statusCounts(rows);
  const tested = rows.filter((r) => r.latest).length;
  const summary = el(
    'div',
    { class: 'summary', 'aria-label': 'Squad summary' },
    ...(['red', 'amber', 'green'] as const).map((l) => el('span', { class: 'count-chip' }, statusBadge(l), el('strong', { 'data-count': l }, ` ${counts[l]}`))),
    counts.none ? el('span', { class: 'count-chip' }, statusBadge(null), el('strong', { 'data-count': 'none' }, ` ${counts.none}`)) : null,
    el('span', { class: 'count-chip' }, `${tested} of ${rows.length} tested (${ctx.testType})`),
    el('span', { class: 'count-chip' }, 'Newest data ', el('strong', { 'data-newest': '' }, fmt.date(newestData(rows)))),
  );
  const note = counts.none === rows.length ? el('p', { class: 'hint' }, 'Statuses, change vs baseline and Nordic exposure appear once the risk analysis runs for this team; forces and asymmetry are the latest test’s.') : null;

  const filters = el(
    'form',
    { class: 'filters', role: 'search', onsubmit: (e: Event) => e.preventDefault() },
    el('label', { for: 'search' }, 'Search', el('input', { id: 'search', type: 'search', placeholder: 'Name', autocomplete: 'off' })),
    select('filter-squad', 'Squad', distinct(rows, 'squad'), 'All squads'),
    select('filter-position', 'Position', distinct(rows, 'position'), 'All positions'),
    select('filter-status', 'Status', ['red', 'amber', 'green', 'none'], 'All statuses'),
  );
  // The status filter shows words: "none" reads "not rated".
  for (const o of filters.querySelectorAll<HTMLOptionElement>('#filter-status option')) if (o.value) o.textContent = o.value === 'none' ? 'Not rated' : o.value[0]!.toUpperCase() + o.value.slice(1);

  const table = sortableTable<SquadRow>({
    caption: `Latest ${ctx.testType} test per athlete`,
    columns: (toggle) => squadColumns(toggle),
    rowKey: (r) => r.athleteId,
    csvName: `squad-${ctx.api.teamId}-${ctx.testType}.csv`,
    initialSort: { key: 'status', dir: 'ascending' },
    detail: (r) => reasonList(r.status?.reasons ?? []),
    emptyText: 'No athlete matches these filters.',
  });

  const shownCount = el('p', { class: 'sub', role: 'status', 'aria-live': 'polite' });
  const apply = () => {
    const q = (filters.querySelector<HTMLInputElement>('#search')!.value ?? '').trim().toLowerCase();
    const squad = filters.querySelector<HTMLSelectElement>('#filter-squad')!.value;
    const position = filters.querySelector<HTMLSelectElement>('#filter-position')!.value;
    const status = filters.querySelector<HTMLSelectElement>('#filter-status')!.value;
    const shown = rows.filter(
      (r) =>
        (!q || nameOf(r).toLowerCase().includes(q)) &&
        (!squad || r.squad === squad) &&
        (!position || r.position === position) &&
        (!status || (r.status?.level ?? 'none') === status),
    );
    shownCount.textContent = `${shown.length} of ${rows.length} athletes shown`;
    table.update(shown);
  };
  filters.addEventListener('input', apply);
  filters.addEventListener('change', apply);
  const exportStatus = el('span', { class: 'sub', role: 'status' });
  const fullExport = el(
    'p',
    { class: 'actions' },
    el('button', { type: 'button', class: 'secondary', onclick: () => void downloadFullExport(ctx, exportStatus) }, '⬇ Full export: every test and derived metric (CSV)'),
    exportStatus,
  );
  replace(main, el('h1', { tabindex: '-1' }, 'Squad'), summary, note, filters, shownCount, table.element, fullExport);
  apply();
}
