// Where the desk may connect for the mailbox (O3): the host's addresses are resolved once, every one must be public
// (or in a range the operator allows), and the connection goes to the address that was checked, never to a new lookup.
import { lookup } from 'node:dns/promises';
import net from 'node:net';
import ipaddr from 'ipaddr.js';
import type { AllowableRange } from '../config';

/** Why an address is not public, in the operator's words; null for a public (global unicast) address. */
export function rangeOf(address: string): { range: string; allowable?: AllowableRange } | null {
  const ip = ipaddr.process(address);
  const range = ip.range();
  switch (range) {
    case 'unicast':
      return null;
    case 'loopback':
      return { range: 'loopback', allowable: 'loopback' };
    case 'private':
    case 'uniqueLocal':
    case 'carrierGradeNat':
      return { range: 'private', allowable: 'private' };
    case 'linkLocal':
      return { range: 'link-local', allowable: 'link-local' };
    default:
      // Multicast, unspecified, reserved, and IPv6 forms that embed an IPv4 address (NAT64, 6to4, Teredo).
      return { range };
  }
}

export class MailHostRefused extends Error {
  readonly stage = 'dns';
  constructor(message: string) {
    super(message);
    this.name = 'MailHostRefused';
  }
}

/**
 * The address to connect to: the host itself when it is an IP, else the first of its resolved addresses, after
 * checking all of them (a name with one private address among public ones is refused, since the resolver may
 * hand out any of them). Throws MailHostRefused, or the lookup's error (ENOTFOUND …).
 */
export async function resolveMailHost(host: string, allow: readonly AllowableRange[]): Promise<string> {
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  const addresses = net.isIP(bare) ? [bare] : (await lookup(bare, { all: true, verbatim: true })).map((a) => a.address);
  for (const address of addresses) {
    const found = rangeOf(address);
    if (!found) continue;
    if (found.allowable && allow.includes(found.allowable)) continue;
    const where = address === bare ? address : `${bare} (${address})`;
    const hint = found.allowable ? ` An operator may allow ${found.range} addresses with MAILBOX_ALLOW=${found.allowable}.` : '';
    throw new MailHostRefused(`The mail server must have a public address: ${where} is a ${found.range} address, which this desk does not connect to.${hint}`);
  }
  return addresses[0]!;
}
