// Requests that come through the desk's CloudFront distribution: the header that proves it, and the viewer's address.
import { timingSafeEqual } from 'node:crypto';
import { Forbidden } from '../desk/errors';

/** Added by CloudFront to every request it sends to the API; its value is a secret only CloudFront and the API know. */
export const ORIGIN_SECRET_HEADER = 'x-shopdesk-origin-verify';
/** Set by a CloudFront function to the viewer's IP address (overwriting whatever the client sent). */
export const VIEWER_IP_HEADER = 'x-shopdesk-viewer-ip';

/**
 * With a secret configured (in AWS), a request without it came to the API's own endpoint around CloudFront and its
 * WAF: refused. Returns the caller's address: the viewer's, as CloudFront saw it, or the connection's without CloudFront.
 */
export function callerAddress(headers: Record<string, string>, connectionIp: string, originSecret: string | undefined): string {
  if (originSecret === undefined) return connectionIp;
  const given = Buffer.from(headers[ORIGIN_SECRET_HEADER] ?? '');
  const expected = Buffer.from(originSecret);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new Forbidden('Use the desk’s address, not the API’s own endpoint.');
  return headers[VIEWER_IP_HEADER] || connectionIp;
}
