// Lambda: the authenticated API of agents and admins, the console's sign-in, and the OpenAPI document (which needs every route).
import { loadConfig } from '../config';
import { s3Client, secretBox } from '../clients';
import { assembleDeps } from '../deps';
import { createHttpHandler } from '../http/app';
import { adminRoutes } from '../http/routes/admin';
import { agentRoutes } from '../http/routes/agent';
import { authRoutes } from '../http/routes/auth';
import { getOpenApi } from '../http/routes/openapi';
import { getHealth, getMe } from '../http/routes/system';

const deps = assembleDeps(loadConfig(), { s3: s3Client, secrets: secretBox });

export const handler = createHttpHandler([getHealth, getMe, getOpenApi, ...authRoutes, ...agentRoutes, ...adminRoutes], deps);
