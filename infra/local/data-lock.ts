/**
 * One process at a time on a data folder: `lock.json`, created atomically (an exclusive create, not a check
 * and then a write, so two starts at the same moment cannot both take it). A lock whose process is gone is
 * stale and replaced. `npm start` holds it while running; `eccentric redrive --local` takes it to change
 * the queues of a stopped stack.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface LockInfo {
  pid: number;
  apiUrl?: string;
}

export type LockResult = { ok: true; file: string } | { ok: false; file: string; holder: LockInfo | null };

export const lockFileOf = (dataDir: string) => join(dataDir, 'lock.json');

export function takeLock(dataDir: string, info: LockInfo = { pid: process.pid }): LockResult {
  const file = lockFileOf(dataDir);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, JSON.stringify(info), { flag: 'wx' });
      return { ok: true, file };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readLock(dataDir);
    if (holder !== null && isAlive(holder.pid)) return { ok: false, file, holder };
    rmSync(file, { force: true });
  }
  return { ok: false, file, holder: null }; // another process is taking it at this very moment
}

/** The live process holding the folder, or null when none does. */
export function lockHolder(dataDir: string): LockInfo | null {
  const holder = readLock(dataDir);
  return holder !== null && isAlive(holder.pid) ? holder : null;
}

export function readLock(dataDir: string): LockInfo | null {
  try {
    return JSON.parse(readFileSync(lockFileOf(dataDir), 'utf8')) as LockInfo;
  } catch {
    return null; // none, or empty or half-written by a start that was killed: stale
  }
}

export function releaseLock(dataDir: string): void {
  rmSync(lockFileOf(dataDir), { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
