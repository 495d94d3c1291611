import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { idKey, idProblem, isEntityId } from '#core/identity/id-grammar.ts';
import { config, s3 } from './clients.ts';

/**
 * Raw trace samples live in S3, never in DynamoDB items (400 KB limit): one object per test,
 * `traces/<team>/<athlete>/<test>.f32` = "ECT1", uint32 header length, JSON header, then the left and
 * right samples as little-endian float32 (baseline not subtracted: what the device measured).
 */
export interface StoredTrace {
  sampleRateHz: number;
  left: Float32Array;
  right: Float32Array;
}

const MAGIC = 'ECT1';

/**
 * The object key of a test's samples, ids in their key form (`idKey`). Defence in depth: every part is
 * held to the id grammar here too, so no id that slipped past a boundary can climb out of
 * `traces/<team>/` (`..`, `/`, a backslash, NUL, `%2F`).
 */
export function traceKeyFor(teamId: string, athleteId: string, testId: string): string {
  const problem = idProblem('team', teamId) ?? idProblem('athlete', athleteId) ?? idProblem('test', testId);
  if (problem) throw new Error(`refusing to build a trace key: ${problem}`);
  return `traces/${teamId}/${idKey(athleteId)}/${idKey(testId)}.f32`;
}

/** True when `key` is a trace key of this team that `traceKeyFor` could have built (each part by the grammar). */
export function isTraceKeyOf(key: string, teamId: string): boolean {
  const m = /^traces\/([^/]+)\/([^/]+)\/([^/]+)\.f32$/.exec(key);
  return m !== null && m[1] === teamId && !idProblem('team', m[1]) && isEntityId(m[2]) && isEntityId(m[3]);
}

export function encodeTrace(trace: { sampleRateHz: number; left: ArrayLike<number>; right: ArrayLike<number> }): Buffer {
  const n = trace.left.length;
  const header = Buffer.from(JSON.stringify({ sampleRateHz: trace.sampleRateHz, samples: n }));
  const out = Buffer.alloc(8 + header.length + n * 8);
  out.write(MAGIC, 0, 'ascii');
  out.writeUInt32LE(header.length, 4);
  header.copy(out, 8);
  let offset = 8 + header.length;
  for (const series of [trace.left, trace.right]) {
    for (let i = 0; i < n; i++, offset += 4) out.writeFloatLE(series[i] ?? Number.NaN, offset);
  }
  return out;
}

export function decodeTrace(bytes: Buffer): StoredTrace {
  if (bytes.toString('ascii', 0, 4) !== MAGIC) throw new Error('not an Eccentric trace object');
  const headerLength = bytes.readUInt32LE(4);
  const header = JSON.parse(bytes.toString('utf8', 8, 8 + headerLength)) as { sampleRateHz: number; samples: number };
  const n = header.samples;
  const start = 8 + headerLength;
  const read = (from: number) => {
    const series = new Float32Array(n);
    for (let i = 0; i < n; i++) series[i] = bytes.readFloatLE(from + i * 4);
    return series;
  };
  return { sampleRateHz: header.sampleRateHz, left: read(start), right: read(start + n * 4) };
}

export async function putTrace(key: string, trace: { sampleRateHz: number; left: ArrayLike<number>; right: ArrayLike<number> }): Promise<void> {
  await s3.send(new PutObjectCommand({ Bucket: config.bucketName, Key: key, Body: encodeTrace(trace), ContentType: 'application/octet-stream' }));
}

export async function getTrace(key: string): Promise<StoredTrace> {
  const out = await s3.send(new GetObjectCommand({ Bucket: config.bucketName, Key: key }));
  return decodeTrace(Buffer.from(await out.Body!.transformToByteArray()));
}
