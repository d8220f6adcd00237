import { type RefObject, useEffect, useRef } from 'react';

/**
 * A native modal <dialog> for as long as the component is mounted: shown with showModal() (focus
 * trapped, the page inert), focus on `initialFocus`, and on unmount closed with focus back where
 * it was before (if that element is still in the page). Returns the dialog's ref.
 */
export function useModal(
  initialFocus: RefObject<HTMLElement | null>,
): RefObject<HTMLDialogElement | null> {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return undefined;
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    initialFocus.current?.focus();
    return () => {
      dialog.close();
      if (previous?.isConnected) previous.focus();
    };
  }, [initialFocus]);
  return ref;
}
