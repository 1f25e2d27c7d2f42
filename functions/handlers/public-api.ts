// Lambda: the public API (contact form, uploads, customer view, health). Kept small: it is the one robots hit.
import { loadConfig } from '../config';
import { s3Client } from '../clients';
import { assembleDeps } from '../deps';
import { createHttpHandler } from '../http/app';
import { publicRoutes } from '../http/routes/public';
import { getHealth } from '../http/routes/system';

const deps = assembleDeps(loadConfig(), { s3: s3Client });

export const handler = createHttpHandler([getHealth, ...publicRoutes], deps);
