import { SessionClientError } from '@tessera/client';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { stateOnlyClient } from './internal/test-client.ts';
import { ReauthDialog, reauthErrorMessage } from './reauth-dialog.tsx';
import { SessionProvider } from './session-provider.tsx';

function render(description?: string): string {
  const client = stateOnlyClient({ status: 'signed-in' });
  const dialog = createElement(ReauthDialog, {
    onDone: () => {},
    onCancel: () => {},
    ...(description ? { description } : {}),
  });
  return renderToStaticMarkup(createElement(SessionProvider, { client }, dialog));
}

describe('ReauthDialog', () => {
  it('is a labelled dialog with a current-password field and the reason', () => {
    const html = render('Confirm your password to delete the account.');
    expect(html).toMatch(/<dialog[^>]*aria-labelledby="[^"]+"/);
    expect(html).toMatch(/aria-describedby="[^"]+"/);
    expect(html).toMatch(/autocomplete="current-password"/i);
    expect(html).toContain('type="password"');
    expect(html).toContain('Confirm your password to delete the account.');
    expect(html).not.toContain('role="alert"'); // no error before a try
  });

  it('says "Incorrect password." for a wrong password, never the server text', () => {
    const wrong = new SessionClientError('invalid_credentials', { code: 'invalid_credentials' });
    expect(reauthErrorMessage(wrong)).toBe('Incorrect password.');
  });

  it('turns Retry-After into minutes when throttled', () => {
    const limited = new SessionClientError('rate_limited', { retryAfterSeconds: 61 });
    expect(reauthErrorMessage(limited)).toBe('Too many attempts. Please try again in 2 minutes.');
    const soon = new SessionClientError('rate_limited', { retryAfterSeconds: 5 });
    expect(reauthErrorMessage(soon)).toBe('Too many attempts. Please try again in 1 minute.');
  });

  it('falls back to the friendly message of the kind', () => {
    const offline = new SessionClientError('network');
    expect(reauthErrorMessage(offline)).toBe(offline.message);
    expect(reauthErrorMessage(new Error('boom'))).toMatch(/went wrong/);
  });
});
