/** One upload's report: status, what was stored, and every rejected row with its line, column and reason. */
import type { Rejection } from '../../../shared/model/test-record.ts';
import type { UploadReport } from '../api/types.ts';
import { el } from '../dom.ts';
import { sortableTable } from '../ui/table.ts';
import { statusText } from './upload-status.ts';

export { isFinal, STATUS_WORDS, statusText } from './upload-status.ts';

export function reportView(report: UploadReport) {
  const rejected = report.rejected ?? [];
  const facts = [
    `Status: ${statusText(report)}`,
    report.kind ? `format ${report.kind}` : null,
    report.storedTests != null ? `${report.storedTests} tests stored` : null,
    report.storedAthletes != null ? `${report.storedAthletes} athletes` : null,
    report.newAthletes?.length ? `${report.newAthletes.length} new athletes` : null,
    report.rejectedCount != null ? `${report.rejectedCount} rows rejected` : null,
    report.noRepRows ? `(${report.noRepRows} with no repetitions)` : null,
  ].filter(Boolean);
  const table = sortableTable<Rejection & { n: number }>({
    caption: rejected.length < (report.rejectedCount ?? 0) ? `Rejected rows (first ${rejected.length} of ${report.rejectedCount}; the full list is in the report file)` : 'Rejected rows',
    rowKey: (r) => String(r.n),
    csvName: `rejected-${report.uploadId}.csv`,
    emptyText: 'No row was rejected.',
    columns: [
      { key: 'file', label: 'File', cell: (r) => r.file, csv: (r) => [r.file] },
      { key: 'line', label: 'Line', className: 'num', sort: (r) => r.line, cell: (r) => (r.line === 0 ? 'file' : String(r.line)), csv: (r) => [r.line] },
      { key: 'column', label: 'Column', cell: (r) => r.column ?? '–', csv: (r) => [r.column] },
      { key: 'code', label: 'Code', cell: (r) => r.code, csv: (r) => [r.code] },
      { key: 'reason', label: 'Reason', cell: (r) => r.reason, csv: (r) => [r.reason] },
    ],
  });
  table.update(rejected.map((r, n) => ({ ...r, n })));
  return el(
    'div',
    { class: 'report', 'data-report': report.uploadId },
    el('p', { 'data-report-status': report.status }, facts.join(' · ')),
    report.message ? el('p', { class: 'warn' }, report.message) : null,
    report.reportUrl ? el('p', {}, el('a', { href: report.reportUrl, rel: 'noopener', target: '_blank' }, 'Full report (JSON)')) : null,
    table.element,
  );
}
