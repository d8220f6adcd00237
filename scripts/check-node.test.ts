import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { minimumFromEngines, nodeVersionProblem } from './check-node.js';

describe('the Node.js version check before npm start / test / bench', () => {
  const minimum = minimumFromEngines('>=22.12');

  it('reads the minimum from the engines range', () => {
    expect(minimum).toEqual([22, 12, 0]);
    expect(minimumFromEngines('>= 24.1.3')).toEqual([24, 1, 3]);
    expect(() => minimumFromEngines('^22')).toThrow(/Unsupported/);
  });

  it('refuses an older Node with a message that names both versions', () => {
    expect(nodeVersionProblem('20.20.2', minimum)).toMatch(/>= 22\.12\.0.*Node\.js 20\.20\.2/s);
    expect(nodeVersionProblem('22.11.9', minimum)).not.toBeNull();
  });

  it('accepts the minimum and anything newer', () => {
    for (const version of ['22.12.0', '22.13.1', '23.0.0', '24.22.3']) {
      expect(nodeVersionProblem(version, minimum)).toBeNull();
    }
  });

  it('passes silently on the Node running the tests', () => {
    const run = spawnSync(process.execPath, ['scripts/check-node.js'], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
  });
});
