// Every response shape by the name a route gives it. Only the OpenAPI document loads this module: validation needs the
// request shapes alone, so a cold start never builds a response shape (docs/benchmarks.md, cold start).
import * as admin from './admin';
import * as agent from './agent';
import * as auth from './auth';
import { DownloadLink, ProblemSchema, UploadSlot } from './common-responses';
import * as shop from './public';
import * as system from './system';

export const RESPONSE_SCHEMAS = { ProblemSchema, DownloadLink, UploadSlot, ...admin, ...agent, ...auth, ...shop, ...system };

export type ResponseSchemaName = keyof typeof RESPONSE_SCHEMAS;
