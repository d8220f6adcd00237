import { describe, expect, it } from 'vitest';
import { createClientIpResolver } from './client-ip.ts';

const xff = (value: string) => new Headers({ 'x-forwarded-for': value });

describe('createClientIpResolver', () => {
  it('untrusted: the socket peer, whatever X-Forwarded-For says', () => {
    const ip = createClientIpResolver(false);
    expect(ip('203.0.113.5', xff('1.2.3.4'))).toBe('203.0.113.5');
    expect(ip('::ffff:203.0.113.5', new Headers())).toBe('203.0.113.5');
    expect(ip(null, xff('1.2.3.4'))).toBeNull();
  });
  it('CIDR list: right-most untrusted hop; an untrusted peer is the client', () => {
    const ip = createClientIpResolver(['10.0.0.0/8', '2001:db8::/32']);
    expect(ip('10.1.1.1', xff('6.6.6.6, 198.51.100.7, 10.2.2.2'))).toBe('198.51.100.7');
    expect(ip('2001:db8::1', xff('198.51.100.9'))).toBe('198.51.100.9');
    expect(ip('203.0.113.5', xff('198.51.100.7'))).toBe('203.0.113.5');
    expect(ip('10.1.1.1', xff('garbage, 10.2.2.2'))).toBe('10.2.2.2');
    expect(ip('10.1.1.1', new Headers())).toBe('10.1.1.1');
  });
  it('true: every hop trusted, the left-most entry is the client', () => {
    const ip = createClientIpResolver(true);
    expect(ip('10.1.1.1', xff('198.51.100.7, 10.2.2.2'))).toBe('198.51.100.7');
  });
});
