import type { PageDef } from '../../page-def';

/** The analysis pages: routes, permissions and menu entries (spread into navigation.tsx). */
export const analysisPages: PageDef[] = [];
