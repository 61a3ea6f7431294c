import type { ReactElement } from 'react';

/**
 * Small status icons drawn as inline SVG: the shipped font (PT Sans) has no ✔ ✖ ↺ ⚠ glyphs, and
 * a system fallback may show boxes. Decorative only — the word beside the icon carries the meaning.
 */
export type IconName =
  'check' | 'cross' | 'arrow-up' | 'exclamation' | 'question' | 'circle' | 'pencil' | 'hourglass' | 'return' | 'ellipsis' | 'warning';

const PATHS: Record<IconName, ReactElement> = {
  check: <path d="M3 8.5l3.2 3.2L13 4.8" />,
  cross: <path d="M4 4l8 8M12 4l-8 8" />,
  'arrow-up': <path d="M4 12L12 4M6 4h6v6" />,
  exclamation: (
    <>
      <path d="M8 2.5v7" />
      <circle cx="8" cy="13" r="0.6" />
    </>
  ),
  question: (
    <>
      <path d="M5.5 5.5a2.5 2.5 0 1 1 3.5 2.3c-.7.3-1 .8-1 1.5v.7" />
      <circle cx="8" cy="13" r="0.6" />
    </>
  ),
  circle: <circle cx="8" cy="8" r="5" />,
  pencil: <path d="M3 13l.7-3L10.5 3.2l2.3 2.3L6 12.3 3 13zM9.3 4.4l2.3 2.3" />,
  hourglass: <path d="M4 2.5h8M4 13.5h8M5 2.5c0 3 6 3 6 5.5s-6 2.5-6 5.5M11 2.5c0 3-6 3-6 5.5s6 2.5 6 5.5" />,
  return: <path d="M3.5 7.5A4.5 4.5 0 1 1 5 11.5M3.5 3.5v4h4" />,
  ellipsis: (
    <>
      <circle cx="3.5" cy="8" r="0.6" />
      <circle cx="8" cy="8" r="0.6" />
      <circle cx="12.5" cy="8" r="0.6" />
    </>
  ),
  warning: (
    <>
      <path d="M8 2L1.8 13.5h12.4L8 2z" />
      <path d="M8 6.5v3.5" />
      <circle cx="8" cy="12" r="0.5" />
    </>
  ),
};

export function Icon({ name, className }: { name: IconName; className?: string }) {
  return (
    <svg
      className={`icon${className ? ` ${className}` : ''}`}
      data-icon={name}
      viewBox="0 0 16 16"
      width="1em"
      height="1em"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {PATHS[name]}
    </svg>
  );
}
