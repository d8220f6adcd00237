import { SessionClientError } from '@tessera/client';
import { ReauthDialog, useSession } from '@tessera/react';
import { type ReactNode, useState } from 'react';
import { fetchRecoveryCodes } from '../recovery-codes-api.ts';
import { type FormMessage, MessageRegions } from './message-regions.tsx';

/**
 * A sensitive action behind `requireFreshAuth`: the server answers 403 `step_up_required` when
 * the password was entered too long ago; the password is then asked for again
 * (<ReauthDialog>) and the request retried.
 */
export function RecoveryCodes(): ReactNode {
  const { client } = useSession();
  const [codes, setCodes] = useState<string[] | null>(null);
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<FormMessage>(null);

  const show = async () => {
    setBusy(true);
    setMessage(null);
    try {
      const answer = await fetchRecoveryCodes(client);
      if (answer.kind === 'step-up') return setAsking(true);
      setCodes(answer.codes);
      setMessage({ kind: 'ok', text: 'Your recovery codes are shown below.' });
    } catch (err) {
      const text = err instanceof SessionClientError ? err.message : 'Please try again.';
      setMessage({ kind: 'error', text });
    } finally {
      setBusy(false);
    }
  };

  const toggle = () => {
    if (busy) return;
    if (codes) {
      setCodes(null);
      setMessage({ kind: 'ok', text: 'Recovery codes hidden.' });
    } else void show();
  };

  return (
    <>
      <h2 id="recovery-title">Recovery codes</h2>
      <p className="hint">
        A sensitive action: if you entered your password more than a few minutes ago, you are asked
        for it again first. (Demo codes: they unlock nothing.)
      </p>
      <button
        type="button"
        className="tessera-button"
        aria-disabled={busy}
        aria-expanded={codes !== null}
        aria-controls="recovery-codes"
        onClick={toggle}
      >
        {codes ? 'Hide recovery codes' : 'Show recovery codes'}
      </button>
      <MessageRegions name="recovery" message={message} okClassName="hint" />
      <div id="recovery-codes">
        {codes ? (
          <ol className="codes" aria-labelledby="recovery-title">
            {codes.map((code) => (
              <li key={code}>
                <code>{code}</code>
              </li>
            ))}
          </ol>
        ) : null}
      </div>
      {asking ? (
        <ReauthDialog
          description="Enter your password again to see your recovery codes."
          onDone={() => {
            setAsking(false);
            void show();
          }}
          onCancel={() => {
            setAsking(false);
            setMessage({ kind: 'ok', text: 'Recovery codes were not shown.' });
          }}
        />
      ) : null}
    </>
  );
}
