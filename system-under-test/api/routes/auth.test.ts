import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_PASSWORD, seedEmail } from '../../db/generate.ts';
import { createAppFixture, type AppFixture } from '../../testing/app-fixture.ts';

describe('auth', () => {
  let f: AppFixture;
  beforeAll(async () => {
    f = await createAppFixture({ users: 5, payments: 10, seed: 3 });
  });
  afterAll(() => f.close());

  const login = (email: string, password: string) => f.app.inject({ method: 'POST', url: '/auth/login', payload: { email, password } });

  it('issues a token for the right password, usable as Bearer', async () => {
    const res = await login(seedEmail(1), SEED_PASSWORD);
    expect(res.statusCode).toBe(200);
    const { token } = res.json();
    const list = await f.app.inject({ method: 'GET', url: '/payments', headers: { authorization: `Bearer ${token}` } });
    expect(list.statusCode).toBe(200);
  });

  it('answers 401 for a wrong password or an unknown email', async () => {
    expect((await login(seedEmail(1), 'wrong-password')).statusCode).toBe(401);
    expect((await login('nobody@paypass.test', SEED_PASSWORD)).statusCode).toBe(401);
  });

  it('answers 401 without a token or with a forged one', async () => {
    expect((await f.app.inject({ method: 'GET', url: '/payments' })).statusCode).toBe(401);
    const token = (await login(seedEmail(1), SEED_PASSWORD)).json().token as string;
    const forged = `${token.split('.')[0]}.AAAA`;
    expect((await f.app.inject({ method: 'GET', url: '/payments', headers: { authorization: `Bearer ${forged}` } })).statusCode).toBe(401);
  });

  it('registers a new user who can then log in; a taken email is 409', async () => {
    const payload = { email: 'new.user@paypass.test', password: 'correct horse battery', displayName: 'New User' };
    expect((await f.app.inject({ method: 'POST', url: '/auth/register', payload })).statusCode).toBe(201);
    expect((await f.app.inject({ method: 'POST', url: '/auth/register', payload })).statusCode).toBe(409);
    const loggedIn = await login(payload.email, payload.password);
    expect(loggedIn.statusCode).toBe(200);
    // They start with an empty account in the default currency, in integer minor units.
    const accounts = await f.app.inject({ method: 'GET', url: '/accounts', headers: { authorization: `Bearer ${loggedIn.json().token}` } });
    expect(accounts.json().balances).toEqual([{ currency: 'USD', balance: 0 }]);
    const eur = { ...payload, email: 'eur.user@paypass.test', currency: 'EUR' };
    expect((await f.app.inject({ method: 'POST', url: '/auth/register', payload: eur })).statusCode).toBe(201);
    expect((await f.app.inject({ method: 'POST', url: '/auth/register', payload: { ...eur, email: 'x@paypass.test', currency: 'XYZ' } })).statusCode).toBe(400);
  });
});
