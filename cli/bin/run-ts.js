#!/usr/bin/env node
// Runs a TypeScript entry file (PayPass, benchmarks) through tsx without a build step.
import { register } from 'tsx/esm/api';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const file = process.argv[2];
if (!file) {
  console.error('usage: run-ts.js FILE.ts [args...]');
  process.exit(2);
}
register();
// As if node ran the file itself: argv[1] is the script (entry checks compare it with import.meta.url).
process.argv.splice(1, 2, resolve(file));
await import(pathToFileURL(resolve(file)).href);
