// The agents' routes: dashboard, threads and their actions, uploads, attachments, shop data, order messages.
import { NotFound } from '../../desk/errors';
import { pickLang } from '../../desk/vocabulary';
import { createUploadSlot, downloadUrl } from '../../files/uploads';
import { listEmployees } from '../../store/employees';
import { findAttachment } from '../../store/uploads';
import { dashboard } from '../../use-cases/dashboard';
import { listOrderMessages, sendOrderMessage } from '../../use-cases/order-messages';
import { resendMessage } from '../../use-cases/resend';
import { changeSavedReply, createSavedReply, removeSavedReply, savedReplies } from '../../use-cases/saved-replies';
import { upsertCustomer, upsertOrder } from '../../use-cases/shop';
import { addNote, forwardThread, listTags, markRead, nextUnanswered, replyToThread, threadList, threadView, updateThread } from '../../use-cases/threads';
import { created, noContent, ok, redirect, route, type Request } from '../route';
import { DeskIdParams, UploadSlotBody } from '../schemas/common';
import { CustomerBody, EmailParams, ForwardBody, NextQuery, NoteBody, OrderBody, OrderMessageSend, ReferenceParams, ReplyBody, SavedRepliesQuery, SavedReplyCreate, SavedReplyPatch, ThreadListQuery, ThreadPatch } from '../schemas/agent-requests';

const problem = (description: string) => ({ description, schema: 'ProblemSchema' as const });
const langOf = (req: Request<unknown, unknown, unknown>) => pickLang(req.headers['accept-language']);
const actorOf = (req: Request<unknown, unknown, unknown>) => ({ employeeId: req.caller!.employeeId, name: req.caller!.name });

export const getDashboard = route({
  method: 'GET',
  path: '/v1/dashboard',
  role: 'agent',
  tags: ['Desk'],
  summary: 'Boxes per contact, the status legend and statistics (labels in Accept-Language)',
  responses: { 200: { description: 'The dashboard', schema: 'Dashboard' } },
  handler: async (req, deps) => ok(await dashboard(deps, langOf(req), req.caller!.employeeId)),
});

export const getThreads = route({
  method: 'GET',
  path: '/v1/threads',
  role: 'agent',
  tags: ['Threads'],
  summary: 'All threads, newest activity first, filtered (employeeId=me|none: mine, unassigned; tag), by cursor',
  query: ThreadListQuery,
  responses: {
    200: {
      description: 'A page',
      schema: 'ThreadPage',
      links: { firstThread: { operation: 'GET /v1/threads/{id}', parameters: { id: '$response.body#/items/0/id' }, description: 'The view of the first thread of the page' } },
    },
  },
  handler: async (req, deps) => {
    const { limit, cursor, ...filters } = req.query;
    const employeeId = filters.employeeId === 'me' ? req.caller!.employeeId : filters.employeeId;
    return ok(await threadList(deps, { ...filters, employeeId }, limit, cursor, langOf(req)));
  },
});

export const getNextUnanswered = route({
  method: 'GET',
  path: '/v1/threads/next-unanswered',
  role: 'agent',
  tags: ['Threads'],
  summary: 'The next thread that waits for an answer, after the given one in list order',
  query: NextQuery,
  responses: {
    200: {
      description: 'Its id',
      schema: 'NextUnanswered',
      links: { view: { operation: 'GET /v1/threads/{id}', parameters: { id: '$response.body#/id' }, description: 'The thread that waits' } },
    },
    404: problem('None waits'),
  },
  handler: async ({ query }, deps) => {
    const id = await nextUnanswered(deps, query.after);
    if (!id) throw new NotFound('No thread waits for an answer.');
    return ok({ id });
  },
});

export const getThread = route({
  method: 'GET',
  path: '/v1/threads/{id}',
  role: 'agent',
  tags: ['Threads'],
  summary: 'The thread view: messages, customer, timeline, reply draft (reading changes nothing)',
  params: DeskIdParams,
  responses: {
    200: {
      description: 'The thread',
      schema: 'ThreadView',
      links: {
        reply: { operation: 'POST /v1/threads/{id}/replies', parameters: { id: '$response.body#/thread/id' }, description: 'Answer it' },
        note: { operation: 'POST /v1/threads/{id}/notes', parameters: { id: '$response.body#/thread/id' }, description: 'Add a private note' },
        changeStatus: { operation: 'PATCH /v1/threads/{id}', parameters: { id: '$response.body#/thread/id' }, description: 'Change its status' },
        markRead: { operation: 'POST /v1/threads/{id}/read', parameters: { id: '$response.body#/thread/id' }, description: 'Mark it read' },
        forward: { operation: 'POST /v1/threads/{id}/forward', parameters: { id: '$response.body#/thread/id' }, description: 'Forward it' },
      },
    },
    404: problem('No such thread'),
  },
  handler: async (req, deps) => ok(await threadView(deps, req.params.id, langOf(req))),
});

export const patchThread = route({
  method: 'PATCH',
  path: '/v1/threads/{id}',
  role: 'agent',
  tags: ['Threads'],
  summary: 'Change the status (closed, open, pending1, pending2), assign (employeeId, null: nobody) and tag, in one change recorded in the timeline',
  params: DeskIdParams,
  body: ThreadPatch,
  responses: {
    200: { description: 'The thread', schema: 'ThreadSummary' },
    400: problem('Invalid, or an unknown or inactive employee (unknown-reference)'),
    404: problem('No such thread'),
  },
  handler: async (req, deps) => ok(await updateThread(deps, req.params.id, actorOf(req), req.body)),
});

export const getTags = route({
  method: 'GET',
  path: '/v1/tags',
  role: 'agent',
  tags: ['Threads'],
  summary: 'The tags in use with their number of threads, most used first (T2)',
  responses: {
    200: {
      description: 'All of them',
      schema: 'TagPage',
      links: { threads: { operation: 'GET /v1/threads', parameters: { tag: '$response.body#/items/0/tag' }, description: 'The threads of the most used tag' } },
    },
  },
  handler: async (_req, deps) => ok({ items: await listTags(deps), nextCursor: null }),
});

export const postRead = route({
  method: 'POST',
  path: '/v1/threads/{id}/read',
  role: 'agent',
  tags: ['Threads'],
  summary: 'Mark the customer messages of the thread read',
  params: DeskIdParams,
  responses: { 200: { description: 'The thread', schema: 'ThreadSummary' }, 404: problem('No such thread') },
  handler: async ({ params }, deps) => ok(await markRead(deps, params.id)),
});

export const postReply = route({
  method: 'POST',
  path: '/v1/threads/{id}/replies',
  role: 'agent',
  tags: ['Threads'],
  summary: 'Reply to the customer (e-mailed); 409 when a newer customer message arrived',
  params: DeskIdParams,
  body: ReplyBody,
  responses: {
    201: {
      description: 'Stored and queued for sending',
      schema: 'ReplyCreated',
      links: {
        resend: { operation: 'POST /v1/messages/{id}/resend', parameters: { id: '$response.body#/message/id' }, description: 'Send the reply again once it failed or bounced' },
        thread: { operation: 'GET /v1/threads/{id}', parameters: { id: '$response.body#/thread/id' }, description: 'The thread with the reply' },
      },
    },
    404: problem('No such thread'),
    409: problem('A newer customer message arrived (newMessages); send again with force'),
  },
  handler: async (req, deps) => created(await replyToThread(deps, req.params.id, actorOf(req), req.body)),
});

export const postNote = route({
  method: 'POST',
  path: '/v1/threads/{id}/notes',
  role: 'agent',
  tags: ['Threads'],
  summary: 'A private note: never e-mailed, never shown to the customer',
  params: DeskIdParams,
  body: NoteBody,
  responses: { 201: { description: 'The note', schema: 'MessageView' }, 404: problem('No such thread') },
  handler: async (req, deps) => created(await addNote(deps, req.params.id, actorOf(req), req.body.message)),
});

export const postForward = route({
  method: 'POST',
  path: '/v1/threads/{id}/forward',
  role: 'agent',
  tags: ['Threads'],
  summary: 'Forward to an employee (who takes charge) or to someone else by e-mail',
  params: DeskIdParams,
  body: ForwardBody,
  responses: {
    201: {
      description: 'Recorded and e-mailed',
      schema: 'ForwardResult',
      links: { thread: { operation: 'GET /v1/threads/{id}', parameters: { id: '$response.body#/threadId' }, description: 'The forwarded thread' } },
    },
    400: problem('Invalid, or an unknown or inactive employee (unknown-reference)'),
    404: problem('No such thread'),
  },
  handler: async (req, deps) => created(await forwardThread(deps, req.params.id, actorOf(req), req.body)),
});

export const postAgentUpload = route({
  method: 'POST',
  path: '/v1/uploads',
  role: 'agent',
  tags: ['Threads'],
  summary: 'An upload slot for a reply’s attachment',
  body: UploadSlotBody,
  responses: { 201: { description: 'The slot; pass its uploadId in uploadIds of a reply', schema: 'UploadSlot' } },
  handler: async ({ body }, deps) => created(await createUploadSlot(deps, body, 'agent')),
});

export const getAttachment = route({
  method: 'GET',
  path: '/v1/attachments/{id}',
  role: 'agent',
  tags: ['Threads'],
  summary: 'Redirect to a download link valid 5 minutes (always downloaded, never rendered)',
  params: DeskIdParams,
  responses: {
    302: {
      description: 'Redirect to the download link, which the body names too',
      schema: 'DownloadLink',
      headers: { Location: 'The download link, valid 5 minutes' },
    },
    404: problem('No such attachment'),
  },
  handler: async ({ params }, deps) => {
    const attachment = await findAttachment(deps.db, params.id);
    if (!attachment) throw new NotFound('No attachment with this id.');
    return redirect(await downloadUrl(deps, attachment));
  },
});

export const getAttachmentLink = route({
  method: 'GET',
  path: '/v1/attachments/{id}/link',
  role: 'agent',
  tags: ['Threads'],
  summary: 'The download link (valid 5 minutes) as JSON, for clients that call with fetch and cannot read a redirect',
  params: DeskIdParams,
  responses: { 200: { description: 'The download link', schema: 'DownloadLink' }, 404: problem('No such attachment') },
  handler: async ({ params }, deps) => {
    const attachment = await findAttachment(deps.db, params.id);
    if (!attachment) throw new NotFound('No attachment with this id.');
    return ok({ url: await downloadUrl(deps, attachment) });
  },
});

export const getTeam = route({
  method: 'GET',
  path: '/v1/team',
  role: 'agent',
  tags: ['Threads'],
  summary: 'The team: every employee’s id, name and whether they are active (to forward a thread to one)',
  responses: { 200: { description: 'The team, by name', schema: 'TeamPage' } },
  handler: async (_req, deps) => ok({ items: (await listEmployees(deps.db)).map(({ id, name, active }) => ({ id, name, active })).sort((a, b) => a.name.localeCompare(b.name)), nextCursor: null }),
});

export const postResend = route({
  method: 'POST',
  path: '/v1/messages/{id}/resend',
  role: 'agent',
  tags: ['Threads'],
  summary: 'Queue a failed or bounced reply for sending again',
  params: DeskIdParams,
  responses: { 202: { description: 'Queued again', schema: 'ResendQueued' }, 404: problem('No such message'), 409: problem('Not failed') },
  handler: async ({ params }, deps) => ({ status: 202, body: await resendMessage(deps, params.id) }),
});

export const putCustomer = route({
  method: 'PUT',
  path: '/v1/customers/{email}',
  role: 'agent',
  tags: ['Shop data'],
  summary: 'Create or update a customer of the shop',
  params: EmailParams,
  body: CustomerBody,
  responses: { 200: { description: 'Updated', schema: 'CustomerView' }, 201: { description: 'Created', schema: 'CustomerView' } },
  handler: async ({ params, body }, deps) => {
    const res = await upsertCustomer(deps, params.email, body);
    return { status: res.created ? 201 : 200, body: res.customer };
  },
});

const orderLinks = {
  message: { operation: 'POST /v1/orders/{reference}/messages', parameters: { reference: '$response.body#/reference' }, description: 'E-mail its customer' },
};

export const putOrder = route({
  method: 'PUT',
  path: '/v1/orders/{reference}',
  role: 'agent',
  tags: ['Shop data'],
  summary: 'Create or update an order of the shop',
  params: ReferenceParams,
  body: OrderBody,
  responses: {
    200: { description: 'Updated', schema: 'OrderView', links: orderLinks },
    201: { description: 'Created', schema: 'OrderView', links: orderLinks },
  },
  handler: async ({ params, body }, deps) => {
    const res = await upsertOrder(deps, params.reference, body);
    return { status: res.created ? 201 : 200, body: res.order };
  },
});

export const getOrderMessages = route({
  method: 'GET',
  path: '/v1/order-messages',
  role: 'agent',
  tags: ['Order messages'],
  summary: 'The predefined order messages',
  responses: { 200: { description: 'All of them', schema: 'OrderMessagePage' } },
  handler: async (_req, deps) => ok({ items: await listOrderMessages(deps), nextCursor: null }),
});

export const postOrderMessage = route({
  method: 'POST',
  path: '/v1/orders/{reference}/messages',
  role: 'agent',
  tags: ['Order messages'],
  summary: 'E-mail the order’s customer a predefined or free message, in the thread tied to the order',
  params: ReferenceParams,
  body: OrderMessageSend,
  responses: {
    201: {
      description: 'Stored and queued',
      schema: 'ReplyCreated',
      links: { thread: { operation: 'GET /v1/threads/{id}', parameters: { id: '$response.body#/thread/id' }, description: 'The order’s thread' } },
    },
    404: problem('No such order or order message'),
  },
  handler: async (req, deps) => created(await sendOrderMessage(deps, req.params.reference, actorOf(req), req.body)),
});

const savedReplyLinks = {
  change: { operation: 'PATCH /v1/saved-replies/{id}', parameters: { id: '$response.body#/id' }, description: 'Change it' },
  remove: { operation: 'DELETE /v1/saved-replies/{id}', parameters: { id: '$response.body#/id' }, description: 'Delete it' },
};

export const getSavedReplies = route({
  method: 'GET',
  path: '/v1/saved-replies',
  role: 'agent',
  tags: ['Saved replies'],
  summary: 'The team’s saved replies (T3); with threadId, each filled for that thread in its language',
  query: SavedRepliesQuery,
  responses: { 200: { description: 'All of them, by English name', schema: 'SavedReplyPage' }, 404: problem('No such thread') },
  handler: async ({ query }, deps) => ok({ items: await savedReplies(deps, query.threadId), nextCursor: null }),
});

export const postSavedReply = route({
  method: 'POST',
  path: '/v1/saved-replies',
  role: 'agent',
  tags: ['Saved replies'],
  summary: 'Save a reply for the team (T3)',
  body: SavedReplyCreate,
  responses: { 201: { description: 'Created', schema: 'SavedReply', links: savedReplyLinks } },
  handler: async ({ body }, deps) => created(await createSavedReply(deps, body)),
});

export const patchSavedReply = route({
  method: 'PATCH',
  path: '/v1/saved-replies/{id}',
  role: 'agent',
  tags: ['Saved replies'],
  summary: 'Change a saved reply',
  params: DeskIdParams,
  body: SavedReplyPatch,
  responses: { 200: { description: 'Changed', schema: 'SavedReply' }, 404: problem('No such saved reply') },
  handler: async ({ params, body }, deps) => ok(await changeSavedReply(deps, params.id, body)),
});

export const deleteSavedReply = route({
  method: 'DELETE',
  path: '/v1/saved-replies/{id}',
  role: 'agent',
  tags: ['Saved replies'],
  summary: 'Delete a saved reply',
  params: DeskIdParams,
  responses: { 204: { description: 'Deleted' }, 404: problem('No such saved reply') },
  handler: async ({ params }, deps) => {
    await removeSavedReply(deps, params.id);
    return noContent();
  },
});

export const agentRoutes = [
  getDashboard,
  getThreads,
  getNextUnanswered,
  getThread,
  patchThread,
  getTags,
  postRead,
  postReply,
  postNote,
  postForward,
  postAgentUpload,
  getAttachment,
  getAttachmentLink,
  getTeam,
  postResend,
  putCustomer,
  putOrder,
  getOrderMessages,
  postOrderMessage,
  getSavedReplies,
  postSavedReply,
  patchSavedReply,
  deleteSavedReply,
];
