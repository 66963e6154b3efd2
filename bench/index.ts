// `npm run bench`: measured side by side in one run, written as JSON under .perfgate/bench/.
//   npm run bench             PayPass settled payments/s beside raw SQL, both modes (payments-main.ts)
//   npm run bench -- honesty  perfgate's own verdicts: A/A false claims and the sensitivity matrix (honesty/)
//   npm run bench -- engine   perfgate's HTTP load generator beside wrk on one nginx (load-engine/)
//   npm run bench -- overload PayPass at its normal payment rate, 5× it, then normal: refusals, event-loop lag, memory
//   npm run bench -- soak [s]  PayPass at normal load for s seconds (default 600; BENCH_SOAK_MODE=services on PostgreSQL + Redis): heap slopes of the API and the generator
if (process.argv[2] === 'honesty') await import('./honesty/index.ts');
else if (process.argv[2] === 'engine') await import('./load-engine/index.ts');
else if (process.argv[2] === 'overload') await import('./payments-overload.ts');
else if (process.argv[2] === 'soak') await import('./payments-soak.ts');
else await import('./payments-main.ts');
