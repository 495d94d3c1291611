/**
 * The on-disk form of one local queue: an append-only log of JSON lines, replayed on open and compacted
 * (rewritten with only the live messages, then renamed over the log) when it has grown well past them.
 *
 * Crash safety: a line is one write(2) of a whole line, so a process killed at any point (SIGKILL
 * included) leaves whole lines and at most one torn last line, which replay drops. Compaction writes a new
 * file, fsyncs it and renames it over the log (atomic), so a crash leaves either log whole.
 *
 * fsync policy: `durable()` fdatasyncs what was appended (one fsync shared by every caller waiting at that
 * moment: group commit). Callers wait for it where a loss would lose data — a message sent, a message moved
 * to the dead-letter queue. Receive counts and deletes are written without waiting: the kernel keeps them
 * across a killed process; only a power cut could lose one, which redelivers a message (handlers are
 * idempotent) or undercounts a receive.
 */
import { closeSync, existsSync, fdatasync, fdatasyncSync, fsyncSync, ftruncateSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export interface MessageAttribute {
  DataType: string;
  StringValue?: string;
  BinaryValue?: string; // base64
}

/** A message as stored: what SQS keeps about it. */
export interface StoredMessage {
  id: string;
  body: string;
  /** ms since the epoch */
  sentAt: number;
  /** Deliveries so far (ApproximateReceiveCount). */
  count: number;
  firstReceivedAt?: number | undefined;
  /** Not visible before this time (DelaySeconds). */
  visibleAt?: number | undefined;
  attributes?: Record<string, MessageAttribute> | undefined;
  /** Dead letters: why the message was moved, and from which queue. */
  reason?: string | undefined;
  source?: string | undefined;
}

export type QueueOp =
  | ({ op: 'send' } & StoredMessage)
  | { op: 'receive'; id: string; count: number; at: number }
  | { op: 'delete'; id: string };

/** Compact when the log holds this many lines beyond four per live message. */
const COMPACT_SLACK = 2000;

export class QueueLog {
  private fd: number;
  private lines = 0;
  private written = 0;
  private synced = 0;
  private syncing = false;
  private waiters: { upTo: number; resolve: () => void; reject: (e: Error) => void }[] = [];
  private retired: number[] = [];

  readonly file: string;

  private constructor(file: string, fd: number) {
    this.file = file;
    this.fd = fd;
  }

  /** Opens (or creates) the log and replays it into the live messages, in the order they were sent. */
  static open(file: string): { log: QueueLog; messages: Map<string, StoredMessage> } {
    rmSync(`${file}.compact`, { force: true }); // a compaction that was cut off; the log itself is whole
    const { messages, wholeBytes, bytes } = replay(file);
    const fd = openSync(file, 'a');
    if (wholeBytes < bytes) ftruncateSync(fd, wholeBytes);
    const log = new QueueLog(file, fd);
    log.compact(messages.values());
    return { log, messages };
  }

  /** The live messages, read without writing (while another process may own the log). */
  static read(file: string): Map<string, StoredMessage> {
    return replay(file).messages;
  }

  append(ops: QueueOp[]): void {
    if (ops.length === 0) return;
    writeSync(this.fd, ops.map((op) => `${JSON.stringify(op)}\n`).join(''));
    this.lines += ops.length;
    this.written++;
  }

  /** Resolves once everything appended so far is on disk. */
  durable(): Promise<void> {
    if (this.synced >= this.written) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiters.push({ upTo: this.written, resolve, reject });
      if (!this.syncing) void this.syncLoop();
    });
  }

  /** Rewrites the log as the live messages when it has grown well past them. */
  compactIfLarge(live: () => Iterable<StoredMessage>, liveCount: number): void {
    if (this.lines > COMPACT_SLACK + 4 * liveCount) this.compact(live());
  }

  close(): void {
    closeSync(this.fd);
    for (const fd of this.retired.splice(0)) closeSync(fd);
  }

  private compact(live: Iterable<StoredMessage>): void {
    const tmp = `${this.file}.compact`;
    const fd = openSync(tmp, 'w');
    let lines = 0;
    const chunk: string[] = [];
    for (const m of live) {
      chunk.push(`${JSON.stringify({ op: 'send', ...m })}\n`);
      lines++;
      if (chunk.length === 1000) writeSync(fd, chunk.splice(0).join(''));
    }
    if (chunk.length > 0) writeSync(fd, chunk.join(''));
    fdatasyncSync(fd);
    renameSync(tmp, this.file);
    syncDirectory(dirname(this.file));
    // An fdatasync in flight on the old descriptor may still use it: closed when the sync loop ends.
    if (this.syncing) this.retired.push(this.fd);
    else closeSync(this.fd);
    this.fd = fd;
    this.lines = lines;
    this.synced = this.written;
    for (const w of this.waiters.splice(0)) w.resolve();
  }

  private async syncLoop(): Promise<void> {
    this.syncing = true;
    try {
      while (this.waiters.some((w) => w.upTo > this.synced)) {
        const target = this.written;
        await new Promise<void>((resolve, reject) => fdatasync(this.fd, (e) => (e ? reject(e) : resolve())));
        this.synced = Math.max(this.synced, target);
        this.waiters = this.waiters.filter((w) => (w.upTo <= this.synced ? (w.resolve(), false) : true));
      }
    } catch (error) {
      for (const w of this.waiters.splice(0)) w.reject(error as Error);
    } finally {
      this.syncing = false;
      for (const fd of this.retired.splice(0)) closeSync(fd);
    }
  }
}

function replay(file: string): { messages: Map<string, StoredMessage>; wholeBytes: number; bytes: number } {
  const messages = new Map<string, StoredMessage>();
  const bytes = existsSync(file) ? readFileSync(file) : Buffer.alloc(0);
  const end = bytes.lastIndexOf(0x0a) + 1; // whatever follows the last line end is a torn write
  for (const line of bytes.toString('utf8', 0, end).split('\n')) {
    if (line === '') continue;
    try {
      apply(messages, JSON.parse(line) as QueueOp);
    } catch {
      // cannot happen with whole-line writes; a damaged line loses only itself
    }
  }
  return { messages, wholeBytes: end, bytes: bytes.length };
}

function apply(messages: Map<string, StoredMessage>, op: QueueOp): void {
  if (op.op === 'send') {
    const { op: _, ...message } = op;
    messages.set(message.id, message);
  } else if (op.op === 'receive') {
    const m = messages.get(op.id);
    if (m) {
      m.count = op.count;
      m.firstReceivedAt ??= op.at;
    }
  } else messages.delete(op.id);
}

/** fsync of the folder, so a rename in it survives a power cut. */
function syncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
