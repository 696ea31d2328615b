import type { PageDef } from '../../page-def';

/** The sales pages: routes, permissions and menu entries (spread into navigation.tsx). */
export const salesPages: PageDef[] = [];
