import { type ReactNode, useRef } from 'react';
import { ErrorAlert, ModalDialog } from './modal-dialog.tsx';

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
  return (
    <ModalDialog
      title={props.title}
      description={props.message}
      initialFocus={cancelRef}
      busy={props.busy}
      onCancel={props.onCancel}
    >
      <ErrorAlert message={props.error} />
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
    </ModalDialog>
  );
}
