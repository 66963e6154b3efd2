import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { HttpError } from '../errors.ts';
import { SUPPORTED_CURRENCIES } from '../money.ts';
import type { AuthService } from '../services/auth-service.ts';
import { line, parse } from './validation.ts';

// Passwords are hashed, never stored or queried, so any character may be in one; everything else is one line of text.
const Login = z.object({ email: line(254).min(3, 'must be at least 3 characters'), password: z.string().min(1).max(1024) });
const Register = z.object({
  email: line(254).pipe(z.email()),
  password: z.string().min(8).max(1024),
  displayName: line(100).trim().min(1, 'must not be empty'),
  phoneNumber: z
    .string()
    .regex(/^\+?[0-9]{6,15}$/)
    .optional(),
  /** The currency of the account opened with the user (others open with their first incoming payment). */
  currency: z.enum(SUPPORTED_CURRENCIES).default('USD'),
});

export function authRoutes(app: FastifyInstance, auth: AuthService): void {
  app.post('/auth/login', async (request) => {
    const body = parse(Login, request.body);
    const token = await auth.login(body.email, body.password);
    if (!token) throw new HttpError(401, 'invalid_credentials', 'invalid email or password');
    return { token };
  });

  app.post('/auth/register', async (request, reply) => {
    const user = await auth.register(parse(Register, request.body));
    return reply.code(201).send(user);
  });
}
