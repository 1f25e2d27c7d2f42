// Request and response shapes of the console's sign-in (A12).
import { Email } from './common';
import { EmployeeSchema } from './admin';
import './zod';
import * as z from 'zod';

export const SignInLinkBody = z.object({ email: Email }).openapi('SignInLinkRequest', { example: { email: 'alex@shop.example' } });

export const SignInLinkAccepted = z
  .object({ accepted: z.literal(true), expiresInSeconds: z.number().int() })
  .openapi('SignInLinkAccepted', { description: 'Always the same answer: it never tells whether the address belongs to an employee.' });

export const SessionBody = z
  .object({ code: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, 'Not a sign-in code.').openapi({ description: 'The code from the link (after #code=).' }) })
  .openapi('SessionRequest');

export const SessionCreated = z
  .object({
    token: z.string().openapi({ description: 'The session’s bearer token (sds_…), shown only here.' }),
    expiresAt: z.string().openapi({ format: 'date-time', description: 'When the session ends if it is not used; every request moves it 12 hours on.' }),
    employee: EmployeeSchema,
  })
  .openapi('Session');
