import type { PageDef } from '../../page-def';

/** The catalogue pages: routes, permissions and menu entries (spread into navigation.tsx). */
export const cataloguePages: PageDef[] = [];
