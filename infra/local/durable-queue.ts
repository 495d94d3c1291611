/**
 * One local SQS queue, kept on disk (queue-log.ts) under `<data>/queues/<name>/`: messages are visible,
 * in flight (received, not yet deleted) or waiting for a delay (a retry's visibility timeout, DelaySeconds).
 * Only the log survives a restart, and on open every message is visible again with its receive count kept:
 * what was in flight when the process died is delivered again.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { QueueLog, type MessageAttribute, type StoredMessage } from './queue-log.ts';

export interface QueueMessage extends StoredMessage {
  inFlight: boolean;
}

export interface NewMessage {
  body: string;
  delaySeconds?: number | undefined;
  attributes?: Record<string, MessageAttribute> | undefined;
}

export const LOCAL_ACCOUNT = '000000000000';
export const LOCAL_REGION = 'us-east-1';

export class DurableQueue {
  readonly arn: string;
  private readonly messages: Map<string, QueueMessage>;
  private readonly log: QueueLog;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly listeners = new Set<() => void>();

  readonly name: string;

  private constructor(name: string, log: QueueLog, stored: Map<string, StoredMessage>) {
    this.name = name;
    this.arn = `arn:aws:sqs:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${name}`;
    this.log = log;
    this.messages = new Map([...stored].map(([id, m]) => [id, { ...m, inFlight: false }]));
    const now = Date.now();
    for (const m of this.messages.values()) if (m.visibleAt !== undefined && m.visibleAt > now) this.wakeAt(m.visibleAt);
  }

  static open(queuesDir: string, name: string): DurableQueue {
    const dir = join(queuesDir, name);
    mkdirSync(dir, { recursive: true });
    const { log, messages } = QueueLog.open(join(dir, 'messages.log'));
    return new DurableQueue(name, log, messages);
  }

  /** Called whenever a message may have become visible. */
  onAvailable(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stores the messages (on disk before it resolves) and returns them. */
  async send(entries: NewMessage[]): Promise<QueueMessage[]> {
    const now = Date.now();
    const sent = entries.map((e): QueueMessage => {
      const delay = Math.max(0, e.delaySeconds ?? 0) * 1000;
      return { id: randomUUID(), body: e.body, sentAt: now, count: 0, ...(delay > 0 ? { visibleAt: now + delay } : {}), ...(e.attributes ? { attributes: e.attributes } : {}), inFlight: false };
    });
    await this.store(sent);
    return sent;
  }

  /** Takes messages already stored elsewhere (a dead-letter move keeps the id, the count and the reason); ids held already are skipped. */
  async adopt(messages: StoredMessage[]): Promise<void> {
    await this.store(messages.filter((m) => !this.messages.has(m.id)).map((m) => ({ ...m, inFlight: false })));
  }

  /** Up to `max` visible messages, oldest first, now in flight with their receive count raised. */
  receive(max: number): QueueMessage[] {
    const now = Date.now();
    const out: QueueMessage[] = [];
    for (const m of this.messages.values()) {
      if (out.length >= max) break;
      if (m.inFlight || (m.visibleAt !== undefined && m.visibleAt > now)) continue;
      m.inFlight = true;
      m.count++;
      m.firstReceivedAt ??= now;
      m.visibleAt = undefined;
      out.push(m);
    }
    this.log.append(out.map((m) => ({ op: 'receive', id: m.id, count: m.count, at: m.firstReceivedAt! })));
    return out;
  }

  /** Processed: gone for good. */
  delete(ids: string[]): void {
    const gone = ids.filter((id) => this.messages.delete(id));
    this.log.append(gone.map((id) => ({ op: 'delete', id })));
    this.log.compactIfLarge(() => this.messages.values(), this.messages.size);
  }

  /** A failed delivery: visible again after `delayMs` (the visibility timeout), its count kept. */
  /** `now`: the same for the messages of one failed batch, so that they come back together, as one batch. */
  retry(id: string, delayMs: number, now = Date.now()): void {
    const m = this.messages.get(id);
    if (!m) return;
    m.inFlight = false;
    m.visibleAt = now + delayMs;
    this.wakeAt(m.visibleAt);
  }

  /**
   * A delivery the runtime itself cut short (shutdown): visible again at once and not counted, so stopping
   * the stack never pushes a message towards its dead-letter queue.
   */
  release(id: string): void {
    const m = this.messages.get(id);
    if (!m || !m.inFlight) return;
    m.inFlight = false;
    m.count = Math.max(0, m.count - 1);
    this.log.append([{ op: 'receive', id, count: m.count, at: m.firstReceivedAt ?? Date.now() }]);
    this.notify();
  }

  /** Moves a message to another queue (its dead-letter queue, or back on redrive), on disk there before it leaves here. */
  async moveTo(target: DurableQueue, id: string, change: Partial<StoredMessage>): Promise<void> {
    const m = this.messages.get(id);
    if (!m) return;
    const { inFlight: _, ...stored } = m;
    await target.adopt([{ ...stored, visibleAt: undefined, ...change }]);
    this.delete([id]);
  }

  counts(): { visible: number; inFlight: number; delayed: number } {
    const now = Date.now();
    let inFlight = 0;
    let delayed = 0;
    for (const m of this.messages.values()) {
      if (m.inFlight) inFlight++;
      else if (m.visibleAt !== undefined && m.visibleAt > now) delayed++;
    }
    return { visible: this.messages.size - inFlight - delayed, inFlight, delayed };
  }

  list(): QueueMessage[] {
    return [...this.messages.values()];
  }

  close(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.log.close();
  }

  private async store(messages: QueueMessage[]): Promise<void> {
    if (messages.length === 0) return;
    for (const m of messages) this.messages.set(m.id, m);
    this.log.append(messages.map(({ inFlight: _, ...m }) => ({ op: 'send', ...m })));
    await this.log.durable();
    for (const m of messages) if (m.visibleAt !== undefined) this.wakeAt(m.visibleAt);
    this.notify();
  }

  private wakeAt(at: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      // Timers run on the event loop's clock, which can be a millisecond behind Date.now() when armed.
      if (Date.now() < at) return this.wakeAt(at);
      this.notify();
    }, Math.max(0, at - Date.now()));
    timer.unref();
    this.timers.add(timer);
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}
