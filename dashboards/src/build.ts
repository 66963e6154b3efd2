// `npm run dashboards`: writes every dashboard of catalog.ts to dashboards/grafana/. Commit the result:
// dashboards.test.ts fails when the committed JSON differs from what the sources build.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DASHBOARDS, renderDashboard } from './catalog.ts';

const outDir = fileURLToPath(new URL('../grafana/', import.meta.url));
for (const [file, build] of Object.entries(DASHBOARDS)) {
  writeFileSync(`${outDir}${file}`, renderDashboard(build));
  console.log(`dashboards/grafana/${file}`);
}
