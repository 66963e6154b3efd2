// `npm run bench`: measured side by side in one run, written as JSON under .perfgate/bench/.
//   npm run bench             PayPass settled payments/s beside raw SQL, both modes (payments-main.ts)
//   npm run bench -- honesty  perfgate's own verdicts: A/A false claims and the sensitivity matrix (honesty/)
if (process.argv[2] === 'honesty') await import('./honesty/index.ts');
else await import('./payments-main.ts');
