/** Every table exports CSV, through the product's one formula-safe CSV writer. */
import { csvDocument } from '../../../shared/output/csv-cells.ts';
import { el } from '../dom.ts';

export function downloadCsv(fileName: string, header: readonly string[], rows: Iterable<readonly unknown[]>): void {
  downloadText(fileName, csvDocument(header, rows));
}

/** A CSV text (made here or by the API) saved as a file. */
export function downloadText(fileName: string, csv: string): void {
  const blob = new Blob([csv], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = el('a', { href: url, download: fileName });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const csvButton = (label: string, fileName: string, header: readonly string[], rows: () => Iterable<readonly unknown[]>) =>
  el('button', { type: 'button', class: 'secondary', onclick: () => downloadCsv(fileName, header, rows()) }, `⬇ ${label}`);
