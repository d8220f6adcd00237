import { type ReactNode, type RefObject, useId } from 'react';
import { useModal } from './use-modal.ts';

export interface ModalDialogProps {
  title: ReactNode;
  /** The dialog's description (its `aria-describedby`). */
  description: ReactNode;
  /** Where focus starts when the dialog opens. */
  initialFocus: RefObject<HTMLElement | null>;
  /** While true, Escape does nothing (an action is in flight). */
  busy: boolean;
  /** Escape. */
  onCancel: () => void;
  children: ReactNode;
}

/** The shell of Tessera's modal dialogs: a native <dialog> (useModal), its title and description. */
export function ModalDialog(props: ModalDialogProps): ReactNode {
  const ref = useModal(props.initialFocus);
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
        {props.description}
      </p>
      {props.children}
    </dialog>
  );
}

/** An error announced as it appears (`role="alert"`); nothing while there is none. */
export function ErrorAlert(props: { message: string | null }): ReactNode {
  return props.message ? (
    <p role="alert" className="tessera-error-text">
      {props.message}
    </p>
  ) : null;
}
