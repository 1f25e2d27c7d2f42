// Lambda: the authenticated API of agents and admins.
import { loadConfig } from '../config';
import { createDeps } from '../deps';
import { createHttpHandler } from '../http/app';
import { adminRoutes } from '../http/routes/admin';
import { agentRoutes } from '../http/routes/agent';
import { getHealth, getMe } from '../http/routes/system';

const deps = createDeps(loadConfig());

export const handler = createHttpHandler([getHealth, getMe, ...agentRoutes, ...adminRoutes], deps);
