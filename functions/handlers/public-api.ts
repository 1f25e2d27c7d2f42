// Lambda: the public API (contact form, customer view, health, OpenAPI document).
import { loadConfig } from '../config';
import { createDeps } from '../deps';
import { createHttpHandler } from '../http/app';
import { publicRoutes } from '../http/routes/public';
import { getHealth, getOpenApi } from '../http/routes/system';

const deps = createDeps(loadConfig());

export const handler = createHttpHandler([getHealth, getOpenApi, ...publicRoutes], deps);
