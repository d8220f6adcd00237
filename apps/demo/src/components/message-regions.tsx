import type { ReactNode } from 'react';

/** A form's outcome: an error or a confirmation, shown in one of the two regions below. */
export type FormMessage = { kind: 'ok' | 'error'; text: string } | null;

/**
 * Two live regions that are always in the page, one for errors (`alert`) and one for
 * confirmations (`status`): a region whose role changed while text was inserted would not be
 * announced reliably, and text inserted into a region already present is.
 */
export function MessageRegions(props: {
  /** Prefix of the regions' `data-region` names (`<name>-error`, `<name>-status`). */
  name: string;
  message: FormMessage;
  /** Class of a confirmation's text. */
  okClassName: string;
}): ReactNode {
  const { name, message, okClassName } = props;
  return (
    <>
      <div role="alert" data-region={`${name}-error`}>
        {message?.kind === 'error' ? <p className="tessera-error-text">{message.text}</p> : null}
      </div>
      <div role="status" data-region={`${name}-status`}>
        {message?.kind === 'ok' ? <p className={okClassName}>{message.text}</p> : null}
      </div>
    </>
  );
}
