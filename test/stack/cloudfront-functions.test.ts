// The CloudFront functions' code, run as CloudFront runs it: handler(event) on a viewer request.
import { describe, expect, it } from 'vitest';
import { VIEWER_IP_HEADER } from '../../functions/http/edge';
import { pageRoutesFunction, VIEWER_IP_FUNCTION } from '../../lib/web';

type Request = { uri: string; headers: Record<string, { value: string }> };
function run(code: string, uri: string, headers: Record<string, { value: string }> = {}): Request {
  const handler = new Function(`${code}\nreturn handler;`)() as (event: unknown) => Request;
  return handler({ version: '1.0', viewer: { ip: '198.51.100.23' }, request: { method: 'GET', uri, headers, querystring: {}, cookies: {} } });
}

describe('CloudFront functions', () => {
  it('gives the API the viewer’s address, whatever the client claimed', () => {
    const request = run(VIEWER_IP_FUNCTION, '/v1/public/messages', { [VIEWER_IP_HEADER]: { value: '10.0.0.1' } });
    expect(request.headers[VIEWER_IP_HEADER]).toEqual({ value: '198.51.100.23' });
    expect(request.uri).toBe('/v1/public/messages');
  });

  it('opens a page’s HTML on its routes and leaves every other path to S3 (U1)', () => {
    const code = pageRoutesFunction([{ file: 'thread.html', routes: [/^\/t\/[^/]+\/?$/] }, { file: 'console.html', routes: [/^\/$/, /^\/console(\/.*)?$/] }]);
    expect(run(code, '/t/th_123').uri).toBe('/thread.html');
    expect(run(code, '/t/th_123/').uri).toBe('/thread.html');
    expect(run(code, '/').uri).toBe('/console.html');
    expect(run(code, '/console/threads/42').uri).toBe('/console.html');
    expect(run(code, '/contact-form.js').uri).toBe('/contact-form.js');
    expect(run(code, '/t/a/b').uri).toBe('/t/a/b');
    expect(run(pageRoutesFunction([]), '/t/x').uri).toBe('/t/x');
  });
});
