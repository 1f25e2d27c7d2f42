// The admins' routes: contacts, employees and tokens, settings and the mailbox, polling, order messages.
import type { Localized } from '../../desk/model';
import { listContacts } from '../../store/contacts';
import { listEmployees } from '../../store/employees';
import { getSettings } from '../../store/settings';
import { contactView, createContact, deleteContact, updateContact } from '../../use-cases/contacts';
import { assertNotSelfLockout, createEmployee, employeeView, issueToken, listTokens, revokeToken, updateEmployee } from '../../use-cases/employees';
import { exportCustomer, eraseCustomer } from '../../use-cases/customer-data';
import { deleteOrderMessage, getOrderMessage, saveOrderMessage } from '../../use-cases/order-messages';
import { settingsView, updateSettings } from '../../use-cases/settings';
import { created, noContent, ok, redirect, route } from '../route';
import { DeskIdParams, IdParams, ListQuery } from '../schemas/common';
import { EmailParams } from '../schemas/agent-requests';
import { ContactCreate, ContactDeleteQuery, ContactPatch, EmployeeCreate, EmployeePatch, MailboxTestBody, OrderMessageCreate, OrderMessagePatch, SettingsInput, TokenCreate, TokenParams } from '../schemas/admin-requests';
import { getMailboxStatus } from '../../store/mailbox-status';
import { dismissMailFailure } from '../../store/mail-failures';

const problem = (description: string) => ({ description, schema: 'ProblemSchema' as const });

export const getContacts = route({
  method: 'GET', path: '/v1/contacts', role: 'admin', tags: ['Contacts'], summary: 'All contacts, by position',
  responses: { 200: { description: 'Contacts', schema: 'ContactPage' } },
  handler: async (_req, deps) => ok({ items: (await listContacts(deps.db)).map(contactView), nextCursor: null }),
});

export const postContact = route({
  method: 'POST', path: '/v1/contacts', role: 'admin', tags: ['Contacts'], summary: 'Create a contact',
  body: ContactCreate,
  responses: {
    201: {
      description: 'Created',
      schema: 'ContactSchema',
      links: {
        change: { operation: 'PATCH /v1/contacts/{id}', parameters: { id: '$response.body#/id' }, description: 'Change it' },
        remove: { operation: 'DELETE /v1/contacts/{id}', parameters: { id: '$response.body#/id' }, description: 'Delete it' },
      },
    },
  },
  handler: async ({ body }, deps) => created(await createContact(deps, body)),
});

export const patchContact = route({
  method: 'PATCH', path: '/v1/contacts/{id}', role: 'admin', tags: ['Contacts'], summary: 'Change a contact',
  params: IdParams, body: ContactPatch,
  responses: { 200: { description: 'Changed', schema: 'ContactSchema' }, 404: problem('No such contact') },
  handler: async ({ params, body }, deps) => ok(await updateContact(deps, params.id, body as { name?: Localized })),
});

export const deleteContactRoute = route({
  method: 'DELETE', path: '/v1/contacts/{id}', role: 'admin', tags: ['Contacts'],
  summary: 'Delete a contact; with threads, refused (409) unless ?moveTo names the contact that takes them',
  params: IdParams, query: ContactDeleteQuery,
  responses: { 204: { description: 'Deleted' }, 404: problem('No such contact'), 409: problem('The contact has threads') },
  handler: async ({ params, query }, deps) => {
    await deleteContact(deps, params.id, query.moveTo);
    return noContent();
  },
});

export const getEmployees = route({
  method: 'GET', path: '/v1/employees', role: 'admin', tags: ['Employees'], summary: 'All employees',
  responses: { 200: { description: 'Employees', schema: 'EmployeePage' } },
  handler: async (_req, deps) => ok({ items: (await listEmployees(deps.db)).map(employeeView), nextCursor: null }),
});

export const postEmployee = route({
  method: 'POST', path: '/v1/employees', role: 'admin', tags: ['Employees'], summary: 'Create an employee',
  body: EmployeeCreate,
  responses: {
    201: {
      description: 'Created',
      schema: 'EmployeeSchema',
      links: {
        issueToken: { operation: 'POST /v1/employees/{id}/tokens', parameters: { id: '$response.body#/id' }, description: 'Give it an API token' },
        tokens: { operation: 'GET /v1/employees/{id}/tokens', parameters: { id: '$response.body#/id' }, description: 'Its tokens' },
        change: { operation: 'PATCH /v1/employees/{id}', parameters: { id: '$response.body#/id' }, description: 'Change or deactivate it' },
      },
    },
    409: problem('E-mail taken'),
  },
  handler: async ({ body }, deps) => created(await createEmployee(deps, body)),
});

export const patchEmployee = route({
  method: 'PATCH', path: '/v1/employees/{id}', role: 'admin', tags: ['Employees'],
  summary: 'Change an employee; deactivation revokes their tokens’ effect at once; the last admin stays',
  params: DeskIdParams, body: EmployeePatch,
  responses: { 200: { description: 'Changed', schema: 'EmployeeSchema' }, 400: problem('Invalid, or deactivating yourself (self-lockout)'), 404: problem('No such employee'), 409: problem('Last active admin') },
  handler: async ({ params, body, caller }, deps) => {
    assertNotSelfLockout(caller!.employeeId, params.id, body);
    return ok(await updateEmployee(deps, params.id, body));
  },
});

export const postToken = route({
  method: 'POST', path: '/v1/employees/{id}/tokens', role: 'admin', tags: ['Employees'], summary: 'Issue an API token (the secret is shown once)',
  params: DeskIdParams, body: TokenCreate,
  responses: {
    201: {
      description: 'Issued',
      schema: 'TokenCreated',
      links: { revoke: { operation: 'DELETE /v1/tokens/{id}', parameters: { id: '$response.body#/id' }, description: 'Revoke this token' } },
    },
    404: problem('No such employee'),
    409: problem('The employee holds the most tokens allowed (90)'),
  },
  handler: async ({ params, body }, deps) => created(await issueToken(deps, params.id, body.label)),
});

export const getTokens = route({
  method: 'GET', path: '/v1/employees/{id}/tokens', role: 'admin', tags: ['Employees'], summary: 'An employee’s tokens (never the secret)',
  params: DeskIdParams,
  responses: { 200: { description: 'Tokens', schema: 'TokenPage' }, 404: problem('No such employee') },
  handler: async ({ params }, deps) => ok({ items: await listTokens(deps, params.id), nextCursor: null }),
});

export const deleteToken = route({
  method: 'DELETE', path: '/v1/tokens/{id}', role: 'admin', tags: ['Employees'], summary: 'Revoke a token',
  params: TokenParams,
  responses: { 204: { description: 'Revoked' }, 404: problem('No such token') },
  handler: async ({ params }, deps) => {
    await revokeToken(deps, params.id);
    return noContent();
  },
});

export const getSettingsRoute = route({
  method: 'GET', path: '/v1/settings', role: 'admin', tags: ['Settings'], summary: 'Options O1–O3 (the password is never returned)',
  responses: { 200: { description: 'Settings', schema: 'SettingsView' } },
  handler: async (_req, deps) => ok(settingsView(await getSettings(deps.db))),
});

export const putSettings = route({
  method: 'PUT', path: '/v1/settings', role: 'admin', tags: ['Settings'], summary: 'Change options; fields left out keep their value',
  body: SettingsInput,
  responses: { 200: { description: 'Settings', schema: 'SettingsView' }, 400: problem('Invalid, or flags that contradict each other or the saved ones (contradicts-saved-settings)') },
  handler: async ({ body }, deps) => ok(await updateSettings(deps, body)),
});

export const postMailboxTest = route({
  method: 'POST', path: '/v1/settings/mailbox/test', role: 'admin', tags: ['Settings'],
  summary: 'Test the mailbox connection (saved settings, or the body merged over them, not saved)',
  body: MailboxTestBody.optional(),
  responses: { 200: { description: 'The outcome, in plain words', schema: 'MailboxTestResult' } },
  handler: async ({ body }, deps) => {
    // The mail libraries load only when a mailbox is used, not at every cold start of the API.
    const { testMailboxSettings } = await import('../../use-cases/mailbox-test');
    return ok(await testMailboxSettings(deps, body ?? undefined));
  },
});

export const postPoll = route({
  method: 'POST', path: '/v1/mail/poll', role: 'admin', tags: ['Mail'], summary: 'Run the mail poller now',
  responses: { 200: { description: 'What it did', schema: 'PollResult' }, 409: problem('Another poll is running') },
  handler: async (_req, deps) => {
    const { pollMailbox } = await import('../../mail/poller');
    return ok(await pollMailbox(deps));
  },
});

export const getMailStatus = route({
  method: 'GET', path: '/v1/mail/status', role: 'admin', tags: ['Mail'], summary: 'The mailbox’s health: last poll, last good poll, the error, failures waiting (M7)',
  responses: { 200: { description: 'The status', schema: 'MailStatus' } },
  handler: async (_req, deps) => ok(await getMailboxStatus(deps.db)),
});

export const getMailFailures = route({
  method: 'GET', path: '/v1/mail/failures', role: 'admin', tags: ['Mail'], summary: 'Mails kept raw that could not be stored, newest first (M6)',
  query: ListQuery,
  responses: { 200: { description: 'Failures', schema: 'MailFailurePage' } },
  handler: async ({ query }, deps) => {
    const { listFailures } = await import('../../use-cases/mail-failures');
    return ok(await listFailures(deps, query.limit, query.cursor));
  },
});

export const getMailFailureRaw = route({
  method: 'GET', path: '/v1/mail/failures/{id}/raw', role: 'admin', tags: ['Mail'],
  summary: 'The raw mail (message/rfc822); one over 4 MB answers 302 to a download link valid 5 minutes',
  params: IdParams,
  responses: {
    200: { description: 'The mail as received', schema: 'RawMail', mediaType: 'message/rfc822' },
    302: {
      description: 'Redirect to the download link of a mail over 4 MB, which the body names too',
      schema: 'RawMailLink',
      headers: { Location: 'The download link, valid 5 minutes' },
    },
    404: problem('No such failure'),
  },
  handler: async ({ params }, deps) => {
    const { downloadFailure } = await import('../../use-cases/mail-failures');
    const download = await downloadFailure(deps, params.id);
    if ('url' in download) return redirect(download.url);
    return ok(download.bytes, { 'content-type': 'message/rfc822', 'content-disposition': `attachment; filename="${download.fileName}"` });
  },
});

export const postMailFailureRetry = route({
  method: 'POST', path: '/v1/mail/failures/{id}/retry', role: 'admin', tags: ['Mail'],
  summary: 'Ingest the kept mail again; stored, it leaves the list; failed again, it stays with the new reason',
  params: IdParams,
  responses: { 200: { description: 'What became of it', schema: 'MailRetryResult' }, 404: problem('No such failure') },
  handler: async ({ params }, deps) => {
    const { retryFailure } = await import('../../use-cases/mail-failures');
    return ok(await retryFailure(deps, params.id));
  },
});

export const deleteMailFailure = route({
  method: 'DELETE', path: '/v1/mail/failures/{id}', role: 'admin', tags: ['Mail'], summary: 'Dismiss a failure (the raw mail stays in storage; a re-fetch does not list it again)',
  params: IdParams,
  responses: { 204: { description: 'Dismissed' }, 404: problem('No such failure') },
  handler: async ({ params }, deps) => {
    await dismissMailFailure(deps.db, params.id);
    return noContent();
  },
});

export const postOrderMessageDef = route({
  method: 'POST', path: '/v1/order-messages', role: 'admin', tags: ['Order messages'], summary: 'Create a predefined order message',
  body: OrderMessageCreate,
  responses: {
    201: {
      description: 'Created',
      schema: 'OrderMessage',
      links: {
        change: { operation: 'PATCH /v1/order-messages/{id}', parameters: { id: '$response.body#/id' }, description: 'Change it' },
        remove: { operation: 'DELETE /v1/order-messages/{id}', parameters: { id: '$response.body#/id' }, description: 'Delete it' },
      },
    },
  },
  handler: async ({ body }, deps) => {
    const now = deps.now().toISOString();
    return created(await saveOrderMessage(deps, { id: deps.ids.newId(), name: body.name, text: body.text, createdAt: now, updatedAt: now }, true));
  },
});

export const patchOrderMessageDef = route({
  method: 'PATCH', path: '/v1/order-messages/{id}', role: 'admin', tags: ['Order messages'], summary: 'Change a predefined order message',
  params: DeskIdParams, body: OrderMessagePatch,
  responses: { 200: { description: 'Changed', schema: 'OrderMessage' }, 404: problem('No such order message') },
  handler: async ({ params, body }, deps) => {
    const current = await getOrderMessage(deps, params.id);
    return ok(await saveOrderMessage(deps, { ...current, name: body.name ?? current.name, text: body.text ?? current.text, updatedAt: deps.now().toISOString() }, false));
  },
});

export const deleteOrderMessageDef = route({
  method: 'DELETE', path: '/v1/order-messages/{id}', role: 'admin', tags: ['Order messages'], summary: 'Delete a predefined order message',
  params: DeskIdParams,
  responses: { 204: { description: 'Deleted' }, 404: problem('No such order message') },
  handler: async ({ params }, deps) => {
    await deleteOrderMessage(deps, params.id);
    return noContent();
  },
});

export const getCustomerExport = route({
  method: 'GET', path: '/v1/customers/{email}/export', role: 'admin', tags: ['Customer data'],
  summary: 'Everything held about one customer as one JSON document: threads, messages (notes marked internal), attachment links, orders, mail deliveries (T7, GDPR art. 15)',
  params: EmailParams,
  responses: { 200: { description: 'The export (empty lists when the desk holds nothing)', schema: 'CustomerExport' } },
  handler: async ({ params }, deps) => ok(await exportCustomer(deps, params.email)),
});

export const deleteCustomer = route({
  method: 'DELETE', path: '/v1/customers/{email}', role: 'admin', tags: ['Customer data'],
  summary: 'Erase everything held about one customer, raw mails and attachments in S3 included, counters kept exact; safe to repeat (T7, GDPR art. 17)',
  params: EmailParams,
  responses: { 200: { description: 'What was erased', schema: 'CustomerErasure' } },
  handler: async ({ params }, deps) => ok(await eraseCustomer(deps, params.email)),
});

export const adminRoutes = [
  getContacts, postContact, patchContact, deleteContactRoute,
  getEmployees, postEmployee, patchEmployee, postToken, getTokens, deleteToken,
  getSettingsRoute, putSettings, postMailboxTest, postPoll,
  getMailStatus, getMailFailures, getMailFailureRaw, postMailFailureRetry, deleteMailFailure,
  postOrderMessageDef, patchOrderMessageDef, deleteOrderMessageDef,
  getCustomerExport, deleteCustomer,
];

