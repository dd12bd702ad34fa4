#!/usr/bin/env node
/**
 * `cordon`: the command-line entry point. Turns on Node's on-disk compile cache where Node has one
 * (22.1 and later: a CLI call then skips compiling the modules it loaded before), then runs the
 * program — imported after, so its modules are compiled with the cache on.
 */
import module from 'node:module';

(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
await import('./run.js');
