import type { PageDef } from '../../page-def';

/** The imports pages: routes, permissions and menu entries (spread into navigation.tsx). */
export const importsPages: PageDef[] = [];
