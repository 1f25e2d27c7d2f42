// Checks every response the tests see against the OpenAPI document: an undocumented status or shape fails.
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import { openApiDocument } from '../../functions/http/openapi';

interface Operation {
  responses: Record<string, { content?: Record<string, { schema: object }> }>;
}
type Doc = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, object> } };

let doc: Doc | undefined;
let ajv: Ajv2020 | undefined;
const compiled = new Map<string, ValidateFunction>();

function setup(): { doc: Doc; ajv: Ajv2020 } {
  if (!doc || !ajv) {
    doc = openApiDocument() as Doc;
    ajv = new Ajv2020({ strict: false, allErrors: true });
    (addFormats as unknown as (a: Ajv2020) => void)(ajv);
    ajv.addSchema({ $id: 'doc', components: doc.components }, 'doc');
  }
  return { doc, ajv };
}

/** The documented path template that matches a concrete path, e.g. /v1/threads/abc → /v1/threads/{id}. */
function templateOf(paths: string[], path: string): string | undefined {
  const exact = paths.find((p) => p === path);
  if (exact) return exact;
  return paths.find((p) => new RegExp('^' + p.replace(/\{[^/]+\}/g, '[^/]+') + '$').test(path));
}

export function checkContract(method: string, url: string, status: number, contentType: string | null, body: unknown): void {
  const path = new URL(url, 'http://x').pathname;
  if (method === 'OPTIONS') return;
  const { doc, ajv } = setup();
  const template = templateOf(Object.keys(doc.paths), path);
  if (!template) return; // an unknown route: 404/405 problems, checked by their own tests
  const operation = doc.paths[template]![method.toLowerCase()];
  if (!operation) return;
  const response = operation.responses[String(status)];
  if (!response) throw new Error(`Contract: ${method} ${template} answered ${status}, which the OpenAPI document does not list.`);
  const media = response.content ? Object.entries(response.content)[0] : undefined;
  if (!media) return;
  if (status >= 400 && contentType !== 'application/problem+json') throw new Error(`Contract: ${method} ${template} ${status} is not problem+json.`);
  const key = `${method} ${template} ${status}`;
  let validate = compiled.get(key);
  if (!validate) {
    const schema = JSON.parse(JSON.stringify(media[1].schema).replaceAll('"#/components/', '"doc#/components/'));
    validate = ajv.compile(schema);
    compiled.set(key, validate);
  }
  if (!validate(body)) throw new Error(`Contract: ${key} does not match its schema: ${ajv.errorsText(validate.errors)}`);
}
