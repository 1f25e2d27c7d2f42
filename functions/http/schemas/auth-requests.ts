// Request shapes of the console's sign-in (A12): what every request is validated with.
import { Email } from './common';
import './zod';
import * as z from 'zod';

export const SignInLinkBody = z.object({ email: Email }).openapi('SignInLinkRequest', { example: { email: 'alex@shop.example' } });

export const SessionBody = z
  .object({ code: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, 'Not a sign-in code.').openapi({ description: 'The code from the link (after #code=).' }) })
  .openapi('SessionRequest');
