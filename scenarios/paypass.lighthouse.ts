import type { LighthouseSettingsInput } from '../cli/src/checks/lighthouse/settings.ts';
import { createRng, uuidFrom } from '../system-under-test/db/prng.ts';

// PayPass's pages, login and flows for the lighthouse check, scripted against the stable hooks listed in
// system-under-test/web/README.md ("Selectors for scripted flows").

/** DEFAULT_SEED.seed of system-under-test/index.ts (not imported: that module is the whole app). */
export const PAYPASS_SEED = 42;

/**
 * The second seeded user's id, whom the flow pays: seeded ids are the generator's first draws from its id stream
 * (system-under-test/db/generate.ts), the same for every PayPass seeded with the default seed. Should that ever
 * change, the flow's last step (the payment shown as sent) fails and says so; it never measures a refusal.
 */
export function seededUserId(user: number, seed = PAYPASS_SEED): string {
  const idRng = createRng(seed ^ 0x5eed5eed);
  let id = '';
  for (let i = 0; i < user; i++) id = uuidFrom(idRng);
  return id;
}

export default {
  pages: ['/login', '/', '/send', '/analytics'],
  formFactor: 'both',
  runs: 5,
  // The first seeded login (perfgate hands PayPass's logins to the check); the session lives in sessionStorage,
  // so every page behind the login is audited in the tab that signed in.
  login: {
    page: '/login',
    steps: [
      { fill: '[data-testid=login-email]', value: '{{email}}' },
      { fill: '[data-testid=login-password]', value: '{{password}}' },
      { click: '[data-testid=login-submit]' },
      { waitFor: '[data-testid=balance]' },
    ],
  },
  flows: [
    {
      // Typing and the click that submits: INP is the slowest of these inputs to its next paint.
      name: 'send payment',
      page: '/send',
      ready: '[data-testid=send-form]',
      steps: [
        { fill: '[data-testid=send-recipient]', value: seededUserId(2) },
        { fill: '[data-testid=send-amount]', value: '1.00' },
        { select: '[data-testid=send-currency]', value: 'USD' },
        { fill: '[data-testid=send-description]', value: 'Lab flow' },
        { click: '[data-testid=send-submit]' },
        { waitFor: '[data-testid=send-status][data-state=sent]' },
      ],
    },
    {
      // The analytics route is lazy: the click loads its chunk and the payments, then draws the chart.
      name: 'open analytics',
      page: '/',
      ready: '[data-testid=balance]',
      steps: [{ click: '[data-testid=nav-analytics]' }, { waitFor: '[data-testid=analytics-chart], [data-testid=analytics-empty]' }],
    },
  ],
} satisfies LighthouseSettingsInput;
