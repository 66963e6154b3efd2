import { QUERIES } from '../../db/queries.ts';
import type { Db } from '../db/db.ts';
import { HttpError } from '../errors.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import type { TokenService } from './tokens.ts';

export class AuthService {
  // Verifying against a real hash when the user is unknown keeps response time from revealing which emails exist.
  private readonly decoyHash = hashPassword('decoy-password');

  constructor(
    private readonly db: Db,
    private readonly tokens: TokenService,
  ) {}

  async login(email: string, password: string): Promise<string | null> {
    const { rows } = await this.db.run<{ id: string; password_hash: string }>(QUERIES.findUserByEmail, [email]);
    const user = rows[0];
    const ok = await verifyPassword(password, user?.password_hash ?? (await this.decoyHash));
    return user && ok ? this.tokens.issue(user.id) : null;
  }

  async register(input: {
    email: string;
    password: string;
    displayName: string;
    phoneNumber?: string;
    currency: string;
  }): Promise<{ id: string; email: string; displayName: string }> {
    const hash = await hashPassword(input.password);
    const { rows } = await this.db.run<{ id: string; email: string; display_name: string }>(QUERIES.insertUser, [input.email, hash, input.displayName, input.phoneNumber ?? null]);
    if (!rows[0]) throw new HttpError(409, 'email_taken', 'email is already registered');
    // A new user starts with an empty account in their currency, so /accounts shows a zero balance, not nothing.
    await this.db.run(QUERIES.ensureAccount, [rows[0].id, input.currency]);
    return { id: rows[0].id, email: rows[0].email, displayName: rows[0].display_name };
  }
}
