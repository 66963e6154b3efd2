// `npm run bench`: measured side by side in one run, written as JSON under .perfgate/bench/.
//   npm run bench             PayPass settled payments/s beside raw SQL, both modes (payments-main.ts)
//   npm run bench -- honesty  perfgate's own verdicts: A/A false claims and the sensitivity matrix (honesty/)
//   npm run bench -- engine   perfgate's HTTP load generator beside wrk on one nginx (load-engine/)
if (process.argv[2] === 'honesty') await import('./honesty/index.ts');
else if (process.argv[2] === 'engine') await import('./load-engine/index.ts');
else await import('./payments-main.ts');
