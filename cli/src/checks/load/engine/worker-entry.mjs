// A generator thread runs perfgate's TypeScript sources (and the user's .ts scenario) through tsx, as the CLI does.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
