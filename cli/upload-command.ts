import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { basename, resolve } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs, stringFlag } from './args.ts';
import { ProgressBar } from './progress.ts';
import { formatReport, type UploadReport } from './summary-text.ts';

interface Connection {
  apiUrl: string;
  token: string;
  teamId: string | undefined;
}

export function connection(args: ReturnType<typeof parseArgs>): Connection {
  const file = resolve(stringFlag(args, 'local') ?? '.eccentric/local.json');
  const local = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<Connection>) : {};
  const apiUrl = stringFlag(args, 'api') ?? process.env.ECCENTRIC_API_URL ?? local.apiUrl;
  const token = stringFlag(args, 'token') ?? process.env.ECCENTRIC_TOKEN ?? local.token;
  if (!apiUrl || !token) {
    throw new Error(`no API to upload to: start one with \`npm start\` (it writes ${file}) or pass --api URL --token TOKEN`);
  }
  return { apiUrl: apiUrl.replace(/\/$/, ''), token, teamId: local.teamId };
}

export async function api<T>(c: Connection, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${c.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${c.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

/** PUTs the file to the presigned URL with a Content-Length (S3 refuses chunked uploads), counting bytes. */
async function putFile(url: string, headers: Record<string, string>, file: string, bar: ProgressBar): Promise<void> {
  const size = statSync(file).size;
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  let sent = 0;
  await new Promise<void>((resolvePut, reject) => {
    const req = send(target, { method: 'PUT', headers: { ...headers, 'content-length': String(size) } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => (res.statusCode && res.statusCode < 300 ? resolvePut() : reject(new Error(`upload refused: HTTP ${res.statusCode} ${text.slice(0, 300)}`))));
    });
    req.on('error', reject);
    const counter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        sent += chunk.length;
        bar.update(sent);
        done(null, chunk);
      },
    });
    pipeline(createReadStream(file), counter, req).catch(reject);
  });
}

const FINAL = new Set(['done', 'rejected', 'failed']);

/** `eccentric upload FILE… --team T`: presigned upload per file, then wait for and print each report. */
export async function runUpload(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['team', 'api', 'token', 'local', 'timeout']);
  const files = args.positionals;
  if (files.length === 0) throw new Error('upload needs at least one FILE');
  const c = connection(args);
  const team = stringFlag(args, 'team') ?? c.teamId;
  if (!team) throw new Error('--team TEAM is required');
  const timeoutMs = Number(stringFlag(args, 'timeout') ?? 600) * 1000;
  let failures = 0;
  for (const file of files) {
    if (!existsSync(file)) {
      process.stderr.write(`${file}: no such file\n`);
      failures++;
      continue;
    }
    const name = basename(file);
    const bar = new ProgressBar(name, statSync(file).size);
    const upload = await api<{ uploadId: string; url: string; headers: Record<string, string> }>(c, 'POST', `/teams/${team}/uploads`, {
      fileName: name,
      contentType: name.endsWith('.json') ? 'application/json' : 'text/csv',
    });
    await putFile(upload.url, upload.headers, file, bar);
    bar.finish('uploaded; processing…');
    const deadline = Date.now() + timeoutMs;
    let report: UploadReport;
    /** A large file is stored in parts, in parallel: their count moves a second bar. */
    let parts: ProgressBar | null = null;
    for (;;) {
      report = await api<UploadReport>(c, 'GET', `/teams/${team}/uploads/${upload.uploadId}`);
      if (report.parts && report.status === 'processing') {
        parts ??= new ProgressBar(`${name} stored`, report.parts.total, undefined, undefined, 'parts');
        parts.update(report.parts.done);
      }
      if (FINAL.has(report.status) || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    parts?.finish(report.status === 'done' ? 'all parts stored' : report.status);
    process.stdout.write(formatReport(report));
    if (report.status !== 'done') failures++;
  }
  return failures > 0 ? 1 : 0;
}
