import { readFileSync } from 'node:fs';
import { ERROR_CODES, ERROR_STATUS, REVOCATION_REASONS } from '@tessera/protocol';
import { describe, expect, it } from 'vitest';

// docs/errors.md must list exactly the codes and reasons the protocol defines, with the right status.
const doc = readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8');
const [codesPart = '', reasonsPart = ''] = doc.split('## Reasons');
const rows = (text: string) =>
  [...text.matchAll(/^\| `([a-z_]+)` \|(.*)$/gm)].map((m) => ({
    name: m[1] ?? '',
    rest: m[2] ?? '',
  }));

describe('docs/errors.md', () => {
  it('lists every error code exactly once, with its HTTP status, and nothing stale', () => {
    const documented = rows(codesPart);
    expect(documented.map((r) => r.name).sort()).toEqual([...ERROR_CODES].sort());
    for (const row of documented) {
      const status = Number(row.rest.split('|')[0]?.trim());
      expect(status, row.name).toBe(ERROR_STATUS[row.name as keyof typeof ERROR_STATUS]);
    }
  });

  it('lists every revocation reason exactly once and nothing stale', () => {
    expect(
      rows(reasonsPart)
        .map((r) => r.name)
        .sort(),
    ).toEqual([...REVOCATION_REASONS].sort());
  });
});
