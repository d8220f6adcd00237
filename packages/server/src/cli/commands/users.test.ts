import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../password/hash-password.ts';
import { type Backend, createHarness, type Harness, signIn } from '../test-support/harness.ts';

interface ListedUser {
  id: string;
  email: string;
  roles: string[];
  disabled: boolean;
}

describe.each<Backend>(['memory', 'sqlite'])('tessera users (%s)', (backend) => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness(backend);
  });
  afterEach(async () => {
    await h.dispose();
  });

  async function listUsers(): Promise<ListedUser[]> {
    const listed = await h.run(['users', 'list', '--json']);
    expect(listed.code).toBe(0);
    return JSON.parse(listed.stdout) as ListedUser[];
  }

  it('adds users with roles and lists them', async () => {
    const added = await h.run([
      'users',
      'add',
      'Alice@Example.com',
      '--password',
      'correct horse',
      '--role',
      'admin',
      '--role',
      'user',
    ]);
    expect(added.code).toBe(0);
    expect(
      (await h.run(['users', 'add', 'bob@example.com', '--password', 'battery staple'])).code,
    ).toBe(0);
    const users = await listUsers();
    expect(users.map((u) => [u.email, u.roles, u.disabled])).toEqual(
      expect.arrayContaining([
        ['alice@example.com', ['admin', 'user'], false],
        ['bob@example.com', ['user'], false],
      ]),
    );
    const table = await h.run(['users', 'list']);
    expect(table.stdout).toContain('alice@example.com');
    expect(table.stdout).not.toContain('argon2');
  });

  it('refuses a duplicate email (exit 1) and bad arguments (exit 2)', async () => {
    expect((await h.run(['users', 'add', 'a@example.com', '--password', 'long enough'])).code).toBe(
      0,
    );
    const dup = await h.run(['users', 'add', 'A@example.com', '--password', 'long enough']);
    expect(dup.code).toBe(1);
    expect(dup.stderr.trim().split('\n')).toHaveLength(1);
    expect((await h.run(['users', 'add', 'b@example.com'])).code).toBe(2);
    const short = await h.run(['users', 'add', 'b@example.com', '--password', 'short']);
    expect(short.code).toBe(2);
    expect(short.stderr).not.toContain('short\n');
    expect((await h.run(['users', 'add', 'not-an-email', '--password', 'long enough'])).code).toBe(
      2,
    );
    expect((await h.run(['users', 'add', '--password', 'long enough'])).code).toBe(2);
    expect((await h.run(['users', 'disable', 'nobody@example.com'])).code).toBe(1);
  });

  it('set-password changes the hash and revokes sessions with reason password_changed', async () => {
    await h.run(['users', 'add', 'carol@example.com', '--password', 'old password']);
    const [carol] = await listUsers();
    const side = await h.open();
    try {
      const session = await signIn(side.engine, carol!.id);
      const changed = await h.run([
        'users',
        'set-password',
        'carol@example.com',
        '--password',
        'new password',
      ]);
      expect(changed.code).toBe(0);
      const user = await side.stores.users.findByEmail('carol@example.com');
      expect(await verifyPassword(user!.passwordHash, 'new password')).toBe(true);
      expect(await verifyPassword(user!.passwordHash, 'old password')).toBe(false);
      const refreshed = await side.engine.refresh(session.refreshToken);
      expect(refreshed).toMatchObject({
        ok: false,
        code: 'session_revoked',
        reason: 'password_changed',
      });
    } finally {
      await side.close();
    }
  });

  it('disable marks the user disabled and ends the sessions with reason admin', async () => {
    await h.run(['users', 'add', 'dave@example.com', '--password', 'some password']);
    const [dave] = await listUsers();
    const side = await h.open();
    try {
      const session = await signIn(side.engine, dave!.id);
      expect((await h.run(['users', 'disable', 'dave@example.com'])).code).toBe(0);
      expect((await listUsers())[0]?.disabled).toBe(true);
      const refreshed = await side.engine.refresh(session.refreshToken);
      expect(refreshed).toMatchObject({ ok: false, code: 'session_revoked', reason: 'admin' });
    } finally {
      await side.close();
    }
  });
});
