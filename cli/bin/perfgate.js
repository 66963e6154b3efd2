#!/usr/bin/env node
// perfgate runs from its TypeScript sources: tsx compiles on the fly (and also loads users' *.ts budgets and scenarios).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv);
