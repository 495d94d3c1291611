#!/usr/bin/env -S node --max-semi-space-size=4
/**
 * The executable is bin/eccentric.mjs. This file remains for npx's cache: it links a local package's bin
 * once, by path, and checkouts that ran `npx eccentric` before the launcher became JavaScript still point
 * here. (Running it works, but loads Node's TypeScript stripper: ~20 MB more memory.)
 */
await import(new URL('./eccentric.mjs', import.meta.url).href);
