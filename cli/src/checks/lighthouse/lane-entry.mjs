// A Lighthouse lane's process runs perfgate's TypeScript sources through tsx, as the CLI does.
import { register } from 'tsx/esm/api';

register();
await import('./lane-process.ts');
