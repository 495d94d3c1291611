#!/usr/bin/env -S node --max-semi-space-size=4
/**
 * The `eccentric` executable. JavaScript, not TypeScript: Node strips a .ts entry's types before any of
 * it runs, so a .ts launcher loaded the type stripper on every run (~20 MB of peak memory), even though
 * the compile cache enabled here already holds every other module stripped and compiled.
 *
 * The shebang caps V8's semi-space at 4 MB (default 16; it can only be set at launch): the young
 * generation's garbage is short strings of rows, and a large one is only peak RSS (analyze compact-1M:
 * about 20 MB less).
 */
import { enableCompileCache } from 'node:module';

// Compiled code and stripped TypeScript are cached in the OS temporary folder; worker threads and child
// processes find the cache through the environment.
const cache = enableCompileCache();
if (cache.directory !== undefined) process.env.NODE_COMPILE_CACHE = cache.directory;
await import('../cli/main.ts');
