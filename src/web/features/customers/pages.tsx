import type { PageDef } from '../../page-def';

/** The customers pages: routes, permissions and menu entries (spread into navigation.tsx). */
export const customersPages: PageDef[] = [];
