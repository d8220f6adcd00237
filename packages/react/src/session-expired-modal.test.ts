import type { SessionState } from '@tessera/client';
import { SIGN_OUT_REASONS } from '@tessera/protocol';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { EXPIRED_MESSAGES } from './internal/reason-messages.ts';
import { stateOnlyClient } from './internal/test-client.ts';
import { SessionExpiredModal } from './session-expired-modal.tsx';
import { SessionProvider } from './session-provider.tsx';

function render(state: Partial<SessionState>): string {
  const client = stateOnlyClient(state);
  return renderToStaticMarkup(
    createElement(
      SessionProvider,
      { client },
      createElement(SessionExpiredModal, { onLogin: () => {} }),
    ),
  );
}

describe('SessionExpiredModal', () => {
  it('shows the soft message as a labelled alertdialog after an idle timeout', () => {
    const html = render({ status: 'expired', reason: 'idle_timeout' });
    expect(html).toContain('role="alertdialog"');
    expect(html).toMatch(/aria-labelledby="[^"]+"/);
    expect(html).toMatch(/aria-describedby="[^"]+"/);
    expect(html).toContain(EXPIRED_MESSAGES.idle_timeout);
    expect(html).toContain('Log in again');
  });

  it('explains a revocation by its reason', () => {
    const html = render({ status: 'signed-out', reason: 'password_changed' });
    expect(html).toContain(EXPIRED_MESSAGES.password_changed);
    expect(EXPIRED_MESSAGES.refresh_token_reused).toBe(EXPIRED_MESSAGES.suspicious_activity);
  });

  it('stays closed for a sign-out the user chose and while signed in', () => {
    expect(render({ status: 'signed-out', reason: 'logout' })).toBe('');
    expect(render({ status: 'signed-out', reason: null })).toBe('');
    expect(render({ status: 'signed-in' })).toBe('');
  });

  it('has a message for every sign-out reason', () => {
    for (const reason of SIGN_OUT_REASONS) expect(EXPIRED_MESSAGES[reason]).toBeTruthy();
  });
});
