/**
 * dynalite 4.0.0 leaks one LevelDB iterator per Query and Scan. Its streams (db/index.js,
 * `createKeyStream`/`createValueStream`) close their iterator in `destroy()` by calling
 * `iterator.return()`, a method abstract-level's iterators do not have (they have `close()`), so no
 * iterator is ever closed: the database keeps each one in its resource set together with the snapshot
 * it read, and the process grew by ~25 MB per 1,000 API reads, never released.
 *
 * npm 11 runs no install scripts (so no patch-package); instead the iterators get the `return()` dynalite
 * expects, which closes them. It is added to the abstract-level copies dynalite's two stores load
 * (memory-level in tests, classic-level on disk), only where the method is missing: a dynalite that fixes
 * this itself is left alone.
 */
import { createRequire } from 'node:module';

interface ClosableIterator {
  close(): Promise<void>;
  return?: () => Promise<void>;
}

function abstractLevelCopies(): object[] {
  const fromDynalite = createRequire(createRequire(import.meta.url).resolve('dynalite'));
  const copies = new Set<object>();
  for (const store of ['memory-level', 'level']) {
    const fromStore = createRequire(fromDynalite.resolve(store));
    const backends = store === 'level' ? [createRequire(fromStore.resolve('classic-level'))] : [fromStore];
    for (const backend of backends) copies.add(backend('abstract-level') as object);
  }
  return [...copies];
}

/** Gives every abstract-level iterator dynalite can open a `return()` that closes it; returns how many base classes were patched. */
export function closeDynaliteIterators(): number {
  let patched = 0;
  for (const level of abstractLevelCopies()) {
    const { AbstractIterator } = level as { AbstractIterator: { prototype: object } };
    // AbstractIterator, AbstractKeyIterator and AbstractValueIterator share this base class.
    const base = Object.getPrototypeOf(AbstractIterator.prototype) as ClosableIterator;
    if (typeof base.close !== 'function' || typeof base.return === 'function') continue;
    Object.defineProperty(base, 'return', {
      configurable: true,
      writable: true,
      value: function (this: ClosableIterator) {
        return this.close();
      },
    });
    patched++;
  }
  return patched;
}
