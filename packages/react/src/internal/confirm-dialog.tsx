import { type ReactNode, useId, useRef } from 'react';
import { useModal } from './use-modal.ts';

export interface ConfirmDialogProps {
  title: string;
  message: string;
  confirmLabel: string;
  /** Label of the confirm button while busy (default "Signing out…"). */
  busyLabel?: string;
  busy: boolean;
  error: string | null;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * Native modal <dialog> asking to confirm a destructive action. Focus starts on Cancel (the
 * safe choice); Escape cancels. Mounted only while open.
 */
export function ConfirmDialog(props: ConfirmDialogProps): ReactNode {
  const cancelRef = useRef<HTMLButtonElement>(null);
  const ref = useModal(cancelRef);
  const titleId = useId();
  const descId = useId();
  return (
    <dialog
      ref={ref}
      className="tessera-modal"
      aria-labelledby={titleId}
      aria-describedby={descId}
      onCancel={(event) => {
        event.preventDefault();
        if (!props.busy) props.onCancel();
      }}
    >
      <h2 id={titleId} className="tessera-modal__title">
        {props.title}
      </h2>
      <p id={descId} className="tessera-modal__text">
        {props.message}
      </p>
      {props.error ? (
        <p role="alert" className="tessera-error-text">
          {props.error}
        </p>
      ) : null}
      <div className="tessera-actions">
        <button
          type="button"
          className="tessera-button tessera-button--danger"
          aria-disabled={props.busy}
          onClick={() => !props.busy && props.onConfirm()}
        >
          {props.busy ? (props.busyLabel ?? 'Signing out…') : props.confirmLabel}
        </button>
        <button
          ref={cancelRef}
          type="button"
          className="tessera-button"
          onClick={() => !props.busy && props.onCancel()}
        >
          Cancel
        </button>
      </div>
    </dialog>
  );
}
