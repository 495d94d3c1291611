/**
 * Uploads: drop or choose files (exports, traces, rosters, workout logs); each goes to its presigned PUT with
 * its own progress bar, then its report is polled until ingest has finished. Below, the team's uploads.
 */
import { putFile } from '../api/put-file.ts';
import type { UploadItem } from '../api/types.ts';
import type { AppContext } from '../context.ts';
import { el, fmt, replace } from '../dom.ts';
import { empty, errorState, loading } from '../ui/states.ts';
import { sortableTable } from '../ui/table.ts';
import { isFinal, reportView, statusText, STATUS_WORDS } from './upload-report.ts';

const POLL_MS = 1000;
const POLL_LIMIT_MS = 10 * 60_000;

async function uploadOne(ctx: AppContext, file: File, item: HTMLElement, onDone: () => void): Promise<void> {
  const bar = el('progress', { max: '100', value: '0', 'aria-label': `Upload of ${file.name}` });
  const state = el('span', { class: 'sub', role: 'status' }, 'asking for an upload address…');
  replace(item, el('strong', {}, file.name), ` (${Math.ceil(file.size / 1024)} KB) `, bar, ' ', state);
  try {
    const target = await ctx.api.createUpload(file.name, file.type || 'application/octet-stream');
    state.textContent = 'uploading…';
    await putFile(target, file, (f) => {
      bar.value = Math.round(f * 100);
      state.textContent = `uploading… ${Math.round(f * 100)} %`;
    });
    state.textContent = 'uploaded; waiting for the import…';
    const started = Date.now();
    for (;;) {
      const report = await ctx.api.upload(target.uploadId);
      if (isFinal(report.status) || Date.now() - started > POLL_LIMIT_MS) {
        state.textContent = isFinal(report.status) ? (STATUS_WORDS[report.status] ?? report.status) : 'still processing: see the list below later';
        item.append(reportView(report));
        ctx.squad = null; // new tests or athletes: the squad is read again
        onDone();
        return;
      }
      state.textContent = `${statusText(report)}…`;
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  } catch (error) {
    state.textContent = 'failed';
    item.append(errorState(`the upload of ${file.name}`, error));
  }
}

export async function renderUploads(ctx: AppContext, main: HTMLElement): Promise<void> {
  const input = el('input', { type: 'file', id: 'file-input', multiple: true });
  const zone = el(
    'div',
    { class: 'dropzone', 'data-dropzone': '' },
    el('p', {}, 'Drop NordBord exports, force traces, rosters or workout logs here, or'),
    el('label', { for: 'file-input', class: 'file-label' }, 'choose files: ', input),
    el('p', { class: 'hint' }, 'CSV or JSON, optionally gzip-compressed. The format is detected from the content.'),
  );
  const session = el('ul', { class: 'upload-items', 'aria-label': 'Files sent from this page' });
  const listBox = el('section', { 'aria-labelledby': 'uploads-h' }, el('h2', { id: 'uploads-h' }, 'Team uploads'));
  const detail = el('section', { class: 'upload-detail', 'aria-live': 'polite' });
  replace(main, el('h1', { tabindex: '-1' }, 'Uploads'), zone, session, listBox, detail);

  const table = sortableTable<UploadItem>({
    caption: 'Uploads, newest first',
    rowKey: (u) => u.uploadId,
    csvName: `uploads-${ctx.api.teamId}.csv`,
    initialSort: { key: 'created', dir: 'descending' },
    emptyText: 'No uploads yet.',
    columns: [
      { key: 'file', label: 'File', sort: (u) => u.fileName.toLowerCase(), cell: (u) => u.fileName, csv: (u) => [u.uploadId, u.fileName], csvHeader: ['uploadId', 'fileName'] },
      { key: 'created', label: 'Uploaded', sort: (u) => u.createdAt, cell: (u) => fmt.dateTime(u.createdAt), csv: (u) => [u.createdAt] },
      { key: 'status', label: 'Status', sort: (u) => u.status, cell: (u) => el('span', { 'data-status': u.status }, statusText(u)), csv: (u) => [u.status] },
      { key: 'kind', label: 'Format', cell: (u) => u.kind ?? '–', csv: (u) => [u.kind] },
      { key: 'stored', label: 'Tests', className: 'num', sort: (u) => u.storedTests ?? null, cell: (u) => fmt.n(u.storedTests), csv: (u) => [u.storedTests] },
      { key: 'rejected', label: 'Rejected', className: 'num', sort: (u) => u.rejectedCount ?? null, cell: (u) => fmt.n(u.rejectedCount), csv: (u) => [u.rejectedCount] },
      {
        key: 'report',
        label: 'Report',
        cell: (u) => el('button', { type: 'button', class: 'secondary', 'aria-label': `Show the report of ${u.fileName}`, onclick: () => void showReport(u) }, 'Show'),
        csv: () => [],
        csvHeader: [],
      },
    ],
  });

  async function showReport(u: UploadItem) {
    replace(detail, el('h2', {}, `Report: ${u.fileName}`), loading('the report'));
    try {
      const report = await ctx.api.upload(u.uploadId);
      if (ctx.current()) replace(detail, el('h2', {}, `Report: ${u.fileName}`), reportView(report));
    } catch (error) {
      if (ctx.current()) replace(detail, el('h2', {}, `Report: ${u.fileName}`), errorState('the report', error));
    }
  }

  async function refreshList() {
    try {
      const { uploads } = await ctx.api.uploads(50);
      if (!ctx.current()) return;
      replace(listBox, el('h2', { id: 'uploads-h' }, 'Team uploads'), uploads.length ? table.element : empty('No uploads yet.', 'Files you send appear here with their status.'));
      table.update(uploads);
    } catch (error) {
      if (ctx.current()) replace(listBox, el('h2', { id: 'uploads-h' }, 'Team uploads'), errorState('the uploads', error));
    }
  }

  const send = (files: FileList | File[]) => {
    for (const file of Array.from(files)) {
      const item = el('li', { 'data-upload-item': file.name });
      session.append(item);
      void uploadOne(ctx, file, item, () => void refreshList());
    }
  };
  input.addEventListener('change', () => {
    if (input.files?.length) send(input.files);
    input.value = '';
  });
  zone.addEventListener('dragover', (e) => {
    e.preventDefault();
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('over');
    if (e.dataTransfer?.files.length) send(e.dataTransfer.files);
  });
  listBox.append(loading('the uploads'));
  await refreshList();
}
