// Response shapes of the console's sign-in (A12): read only by the OpenAPI document, which routes name them for (schemas/responses.ts).
import { EmployeeSchema } from './admin';
import './zod';
import * as z from 'zod';

export const SignInLinkAccepted = z
  .object({ accepted: z.literal(true), expiresInSeconds: z.number().int() })
  .openapi('SignInLinkAccepted', { description: 'Always the same answer: it never tells whether the address belongs to an employee.' });

export const SessionCreated = z
  .object({
    token: z.string().openapi({ description: 'The session’s bearer token (sds_…), shown only here.' }),
    expiresAt: z.string().openapi({ format: 'date-time', description: 'When the session ends if it is not used; every request moves it 12 hours on.' }),
    employee: EmployeeSchema,
  })
  .openapi('Session');
