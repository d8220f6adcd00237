import type { SignOutReason } from '@tessera/protocol';

/** Reasons that end a session because time ran out (the "soft" case). */
export function isTimeoutReason(reason: SignOutReason | null): boolean {
  return reason === null || reason === 'idle_timeout' || reason === 'session_expired';
}

const SUSPICIOUS = 'We noticed unusual activity and ended this session to protect your account.';

/** What the expired modal says for each reason. */
export const EXPIRED_MESSAGES: Readonly<Record<SignOutReason, string>> = {
  idle_timeout: 'Your secure session has timed out. Please log in again to continue.',
  session_expired: 'Your secure session has timed out. Please log in again to continue.',
  logout: 'You were signed out. Please log in again to continue.',
  password_changed: 'Your password was changed recently. For your security, please log in again.',
  revoked_by_user: 'This session was signed out from another device.',
  signed_in_elsewhere: 'You signed in on another device, so this session was ended.',
  suspicious_activity: SUSPICIOUS,
  refresh_token_reused: SUSPICIOUS,
  admin: 'An administrator ended this session.',
};

/** The one-line security tip under the modal message. */
export function securityTip(reason: SignOutReason | null): string {
  if (reason === 'suspicious_activity' || reason === 'refresh_token_reused') {
    return 'Tip: if this was not you, change your password after you log in.';
  }
  if (reason === 'revoked_by_user' || reason === 'signed_in_elsewhere') {
    return 'Tip: if you did not do this, review your active sessions and change your password.';
  }
  return 'Tip: on a shared or public computer, always sign out when you are done.';
}

/** What the login page says when it was reached with `?reason=`. */
export const LOGIN_REASON_MESSAGES: Readonly<Record<SignOutReason, string>> = {
  idle_timeout: 'You were signed out because you were inactive for a while.',
  session_expired: 'Your session reached its maximum length. Please sign in again.',
  logout: 'You have signed out.',
  password_changed: 'Your password was changed. Please sign in with your new password.',
  revoked_by_user: 'This session was signed out from another device.',
  signed_in_elsewhere: 'You signed in on another device, so this session was ended.',
  suspicious_activity:
    'We noticed unusual activity and ended your session to protect your account. Consider changing your password.',
  refresh_token_reused:
    'We noticed unusual activity and ended your session to protect your account. Consider changing your password.',
  admin: 'An administrator ended your session.',
};
