// The public routes: what a shop's contact page and a customer's browser may call, with no token (SPEC §8).
import { localize, pickLang } from '../../desk/vocabulary';
import { ALLOWED_EXTENSIONS, MAX_UPLOAD_BYTES, createUploadSlot } from '../../files/uploads';
import { knownContacts } from '../../store/contacts';
import { knownSettings } from '../../store/settings';
import { IDEMPOTENCY_KEY } from '../../use-cases/idempotency';
import { submitContactForm } from '../../use-cases/contact-form';
import { answerAsCustomer, viewAsCustomer } from '../../use-cases/customer-view';
import { openDownloadLink } from '../../use-cases/download-links';
import { created, ok, redirect, route } from '../route';
import { DeskIdParams, UploadSlotBody } from '../schemas/common';
import { ContactFormBody, CustomerAnswerBody, PublicContactsQuery, TokenQuery } from '../schemas/public-requests';
import * as z from 'zod';

const problem = (description: string) => ({ description, schema: 'ProblemSchema' as const });
const tags = ['Contact form'];

export const getPublicContacts = route({
  method: 'GET',
  path: '/v1/public/contacts',
  role: 'public',
  tags,
  summary: 'The contacts the form offers, in the customer’s language, and the upload limits',
  query: PublicContactsQuery,
  responses: { 200: { description: 'Contacts by position', schema: 'PublicContacts' } },
  handler: async ({ query }, deps) => {
    const lang = pickLang(query.lang);
    const [contacts, settings] = await Promise.all([knownContacts(deps.db), knownSettings(deps.db)]);
    return ok({
      items: contacts.map((c) => ({ id: c.id, name: localize(c.name, lang), description: localize(c.description, lang) })),
      uploads: { allowed: settings.allowFileUpload, maxBytes: MAX_UPLOAD_BYTES, extensions: [...ALLOWED_EXTENSIONS] },
    });
  },
});

export const postPublicUpload = route({
  method: 'POST',
  path: '/v1/public/uploads',
  role: 'public',
  tags,
  summary: 'An upload slot: a presigned POST for one file, valid 15 minutes',
  body: UploadSlotBody,
  responses: { 201: { description: 'The slot; pass its uploadId in uploadIds of a message', schema: 'UploadSlot' }, 400: problem('Invalid file'), 403: problem('Uploads are off') },
  handler: async ({ body }, deps) => created(await createUploadSlot(deps, body, 'public')),
});

export const postContactForm = route({
  method: 'POST',
  path: '/v1/public/messages',
  role: 'public',
  tags,
  summary: 'Submit the contact form',
  body: ContactFormBody,
  requestHeaders: z.object({
    'idempotency-key': z
      .string()
      .regex(IDEMPOTENCY_KEY)
      .optional()
      .openapi({ minLength: 1, maxLength: 255, description: 'The same key and body within 24 h returns the first response. 1 to 255 visible ASCII characters; another value gets 422.' }),
  }),
  responses: {
    201: {
      description: 'Stored in a thread, or only e-mailed',
      schema: 'ContactFormResult',
      links: {
        agentView: { operation: 'GET /v1/threads/{id}', parameters: { id: '$response.body#/threadId' }, description: 'The agents’ view of the thread it opened or continued' },
        reply: { operation: 'POST /v1/threads/{id}/replies', parameters: { id: '$response.body#/threadId' }, description: 'An agent answers it' },
      },
    },
    400: problem('A field is not valid'),
    413: problem('Body over 64 KB'),
    422: problem('Idempotency-Key not 1 to 255 visible ASCII characters, or reused with another body'),
    429: problem('Too many messages (Retry-After)'),
  },
  handler: async ({ body, headers, sourceIp }, deps) => {
    const res = await submitContactForm(deps, body, { sourceIp, idempotencyKey: headers['idempotency-key'] });
    return { status: res.status, body: res.body };
  },
});

export const getCustomerThread = route({
  method: 'GET',
  path: '/v1/public/threads/{id}',
  role: 'public',
  tags,
  summary: 'The customer’s view of their thread (no private notes)',
  params: DeskIdParams,
  query: TokenQuery,
  responses: { 200: { description: 'The thread', schema: 'CustomerThread' }, 404: problem('Unknown thread or wrong token') },
  handler: async ({ params, query }, deps) => ok(await viewAsCustomer(deps, params.id, query.token)),
});

export const postCustomerAnswer = route({
  method: 'POST',
  path: '/v1/public/threads/{id}/messages',
  role: 'public',
  tags,
  summary: 'The customer answers their thread',
  params: DeskIdParams,
  query: TokenQuery,
  body: CustomerAnswerBody,
  responses: {
    201: {
      description: 'Stored',
      schema: 'CustomerAnswerResult',
      links: { agentView: { operation: 'GET /v1/threads/{id}', parameters: { id: '$response.body#/threadId' }, description: 'The agents’ view of the thread' } },
    },
    400: problem('Invalid, or an unknown or used upload (unknown-reference)'),
    404: problem('Unknown thread or wrong token'),
  },
  handler: async ({ params, query, body }, deps) => created(await answerAsCustomer(deps, params.id, query.token, body)),
});

export const getLinkedFile = route({
  method: 'GET',
  path: '/v1/public/attachments/{id}',
  role: 'public',
  tags,
  summary: 'A file that was too large to attach to a mail: the mail’s link redirects to a download valid 5 minutes',
  params: DeskIdParams,
  query: TokenQuery,
  responses: {
    302: {
      description: 'Redirect to the download link, which the body names too',
      schema: 'DownloadLink',
      headers: { Location: 'The download link, valid 5 minutes' },
    },
    404: problem('Unknown or expired link, or wrong token'),
  },
  handler: async ({ params, query }, deps) => redirect(await openDownloadLink(deps, params.id, query.token)),
});

export const publicRoutes = [getPublicContacts, postPublicUpload, postContactForm, getCustomerThread, postCustomerAnswer, getLinkedFile];
