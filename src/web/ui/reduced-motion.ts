import { useSyncExternalStore } from 'react';

/**
 * Whether the user asked their system for less motion (`prefers-reduced-motion: reduce`).
 * antd animates every dialog, menu and drop-down; with this set the app turns those
 * animations off (antd's `motion` token), as the accessibility guidance asks. The browser
 * tests ask for it too, so a click never lands on a dialog that is still zooming in.
 */
const QUERY = '(prefers-reduced-motion: reduce)';

function subscribe(onChange: () => void): () => void {
  const media = window.matchMedia(QUERY);
  media.addEventListener('change', onChange);
  return () => media.removeEventListener('change', onChange);
}

function prefersReducedMotion(): boolean {
  return window.matchMedia(QUERY).matches;
}

export function useReducedMotion(): boolean {
  return useSyncExternalStore(subscribe, prefersReducedMotion, () => false);
}
