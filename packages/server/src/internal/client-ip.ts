import { BlockList, isIP } from 'node:net';
import { addCidr } from '../config/internal-values.ts';

/** Finds the client address of a request from the socket peer and, when trusted, X-Forwarded-For. */
export type ClientIpResolver = (peer: string | null, headers: Headers) => string | null;

/**
 * `false`: the socket peer only (X-Forwarded-For is ignored, so spoofing it changes nothing).
 * `true`: every hop is trusted; the left-most X-Forwarded-For entry is the client.
 * CIDR list: walk X-Forwarded-For from the right while the hop is trusted; the first untrusted
 * entry is the client. A malformed entry stops the walk at the hop that reported it.
 */
export function createClientIpResolver(trust: boolean | readonly string[]): ClientIpResolver {
  if (trust === false) return (peer) => normalise(peer);
  const blocks = new BlockList();
  if (trust !== true) for (const cidr of trust) addCidr(blocks, cidr);
  const trusted = (ip: string) =>
    trust === true || blocks.check(ip, isIP(ip) === 4 ? 'ipv4' : 'ipv6');

  return (rawPeer, headers) => {
    const peer = normalise(rawPeer);
    if (peer !== null && !trusted(peer)) return peer;
    if (peer === null && trust !== true) return null;
    const hops = forwardedFor(headers);
    let client = peer;
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = normalise(hops[i] ?? null);
      if (hop === null) return client;
      client = hop;
      if (!trusted(hop)) return hop;
    }
    return client;
  };
}

function forwardedFor(headers: Headers): string[] {
  const value = headers.get('x-forwarded-for');
  if (value === null) return [];
  return value
    .split(',')
    .map((s) => s.trim())
    .slice(-32);
}

/** Canonical address text, IPv4-mapped IPv6 as IPv4; null when not an address. */
function normalise(ip: string | null): string | null {
  if (ip === null) return null;
  const value = ip.trim().replace(/^\[(.*)\]$/, '$1');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(value);
  const candidate = mapped?.[1] ?? value;
  return isIP(candidate) === 0 ? null : candidate.toLowerCase();
}
