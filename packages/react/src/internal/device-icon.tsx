import type { DeviceType } from '@tessera/protocol';
import type { ReactNode } from 'react';

const PATHS: Record<'desktop' | 'mobile' | 'tablet', ReactNode> = {
  desktop: (
    <>
      <rect x="2" y="3" width="20" height="13" rx="2" />
      <path d="M8 21h8M12 16v5" />
    </>
  ),
  mobile: (
    <>
      <rect x="7" y="2" width="10" height="20" rx="2" />
      <path d="M11 18h2" />
    </>
  ),
  tablet: (
    <>
      <rect x="4" y="2" width="16" height="20" rx="2" />
      <path d="M11 18h2" />
    </>
  ),
};

/** Decorative device glyph (the device name is always given as text next to it). */
export function DeviceIcon({ type }: { type: DeviceType }): ReactNode {
  const shape = type === 'mobile' || type === 'tablet' ? type : 'desktop';
  return (
    <svg
      className="tessera-device-icon"
      viewBox="0 0 24 24"
      width="28"
      height="28"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {PATHS[shape]}
    </svg>
  );
}

export function deviceTypeLabel(type: DeviceType): string {
  switch (type) {
    case 'mobile':
      return 'Phone';
    case 'tablet':
      return 'Tablet';
    case 'desktop':
      return 'Computer';
    default:
      return 'Unknown device';
  }
}
