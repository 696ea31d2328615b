import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import type { en } from './i18n/en';

/**
 * What a page entry is. Kept apart from navigation.tsx so a feature's own list of pages
 * (features/<module>/pages.tsx) can use it without importing the navigation it is part of.
 */
export type NavLabel = `nav.${keyof typeof en.nav}`;

export interface MenuGroup {
  key: string;
  path: string;
  label: NavLabel;
  icon: ReactNode;
  order: number;
}

export interface PageDef {
  path: string;
  /** Who may open the page; the same permission hides its menu entry. The API checks again on every call. */
  permission?: string;
  Component: LazyExoticComponent<ComponentType>;
  menu?: { label: NavLabel; icon: ReactNode; order: number; group?: string };
}

/** React.lazy for a named export: every page of a feature comes from the same chunk. */
export function lazyNamed<M extends Record<string, unknown>>(load: () => Promise<M>, name: keyof M & string): LazyExoticComponent<ComponentType> {
  return lazy(async () => ({ default: (await load())[name] as ComponentType }));
}

