/**
 * A sortable table: header buttons sort (keyboard reachable, aria-sort on the header), an optional detail row
 * per row opened by a button in it, and a CSV export of exactly the rows shown.
 */
import { el, replace, type Child } from '../dom.ts';
import { csvButton } from './csv-download.ts';

export interface Column<T> {
  key: string;
  label: string;
  cell: (row: T) => Child;
  /** Sort key; rows with null sort last either way. Omitted: the column does not sort. */
  sort?: (row: T) => number | string | null;
  /** CSV: one or more cells (with their headers in csvHeader). */
  csv: (row: T) => unknown[];
  csvHeader?: string[];
  className?: string;
}

export type Toggle<T> = (row: T, label: Child, name: string) => HTMLButtonElement;

export interface TableOptions<T> {
  caption: string;
  /** The columns, or a function of the row-detail toggle for columns that open a row's detail. */
  columns: Column<T>[] | ((toggle: Toggle<T>) => Column<T>[]);
  rowKey: (row: T) => string;
  csvName: string;
  initialSort?: { key: string; dir: 'ascending' | 'descending' };
  /** Content of a row's detail row; the row's toggle button is made by `toggle`. */
  detail?: (row: T) => Child;
  emptyText: string;
}

export function sortableTable<T>(options: TableOptions<T>) {
  let rows: T[] = [];
  let sort = options.initialSort ?? null;
  const open = new Set<string>();
  /** A button for a cell that opens and closes this row's detail. */
  const toggle: Toggle<T> = (row, label, name) => {
    const key = options.rowKey(row);
    return el(
      'button',
      {
        type: 'button',
        class: 'toggle',
        'aria-expanded': open.has(key) ? 'true' : 'false',
        'aria-label': name,
        onclick: () => {
          if (open.has(key)) open.delete(key);
          else open.add(key);
          render();
        },
      },
      label,
    );
  };
  const columns = typeof options.columns === 'function' ? options.columns(toggle) : options.columns;
  const tbody = el('tbody');
  const headRow = el('tr');
  const table = el('table', { class: 'data' }, el('caption', {}, options.caption), el('thead', {}, headRow), tbody);
  const csvHeader = columns.flatMap((c) => c.csvHeader ?? [c.label]);
  const exportButton = csvButton('Export CSV', options.csvName, csvHeader, () => sorted().map((r) => columns.flatMap((c) => c.csv(r))));
  const wrapper = el('div', { class: 'table-block' }, el('div', { class: 'table-tools' }, exportButton), table);

  const sorted = (): T[] => {
    if (!sort) return rows;
    const col = columns.find((c) => c.key === sort!.key);
    if (!col?.sort) return rows;
    const dir = sort.dir === 'ascending' ? 1 : -1;
    return [...rows].sort((a, b) => {
      const x = col.sort!(a);
      const y = col.sort!(b);
      if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
      return (x < y ? -1 : x > y ? 1 : 0) * dir;
    });
  };

  function renderHead(): void {
    replace(
      headRow,
      ...columns.map((c) => {
        const state = sort?.key === c.key ? sort.dir : null;
        const th = el('th', { scope: 'col', class: c.className ?? null, 'aria-sort': state ?? (c.sort ? 'none' : null) });
        if (!c.sort) th.append(c.label);
        else
          th.append(
            el(
              'button',
              {
                type: 'button',
                class: 'sort',
                'data-sort': c.key,
                onclick: () => {
                  sort = { key: c.key, dir: sort?.key === c.key && sort.dir === 'ascending' ? 'descending' : 'ascending' };
                  render();
                },
              },
              c.label,
              el('span', { class: 'sort-mark', 'aria-hidden': 'true' }, state === 'ascending' ? ' ▲' : state === 'descending' ? ' ▼' : ' ⇅'),
            ),
          );
        return th;
      }),
    );
  }

  function render(): void {
    renderHead();
    const list = sorted();
    if (list.length === 0) {
      replace(tbody, el('tr', {}, el('td', { colspan: columns.length, class: 'empty-cell' }, options.emptyText)));
      return;
    }
    const out: Node[] = [];
    for (const row of list) {
      const key = options.rowKey(row);
      out.push(el('tr', { 'data-row': key }, ...columns.map((c) => el('td', { class: c.className ?? null }, c.cell(row)))));
      if (options.detail && open.has(key)) out.push(el('tr', { class: 'detail', 'data-detail': key }, el('td', { colspan: columns.length }, options.detail(row))));
    }
    replace(tbody, ...out);
  }

  return {
    element: wrapper,
    update(next: T[]) {
      rows = next;
      render();
    },
  };
}
