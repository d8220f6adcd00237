import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { LOGIN_REASON_MESSAGES } from './internal/reason-messages.ts';
import { LoginReasonBanner } from './login-reason-banner.tsx';

const render = (reason: string | null, idleTimeoutSeconds?: number) =>
  renderToStaticMarkup(createElement(LoginReasonBanner, { reason, idleTimeoutSeconds }));

describe('LoginReasonBanner', () => {
  it('explains a whitelisted reason in a polite status region', () => {
    const html = render('password_changed');
    expect(html).toContain('role="status"');
    expect(html).toContain('data-reason="password_changed"');
  });
  it('ignores reasons outside the protocol whitelist', () => {
    const html = render('<img src=x onerror=alert(1)>');
    expect(html).not.toContain('data-reason');
    expect(html).not.toContain('onerror');
    expect(render('toString')).not.toContain('data-reason');
  });
  it('always states the inactivity limit up front', () => {
    expect(render(null)).toContain('15 minutes of inactivity');
    expect(render(null, 600)).toContain('10 minutes of inactivity');
  });
  it('has a message for every sign-out reason', async () => {
    const { SIGN_OUT_REASONS } = await import('@tessera/protocol');
    for (const reason of SIGN_OUT_REASONS) expect(LOGIN_REASON_MESSAGES[reason]).toBeTruthy();
  });
});
