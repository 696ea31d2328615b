import type { TreeRow } from '../../ui/tree';
import { categoriesKey, regionsKey } from './queries';

/** What the category tree and the region tree have in common (the server treats both alike). */
export interface TreeEntity extends TreeRow {
  code: string | null;
  version: number;
}

/** The differences between the two trees: where they live and what they are called. */
export interface TreeKind {
  endpoint: string;
  queryKey: readonly string[];
  /** Longest code the server takes. */
  codeMax: number;
  testId: string;
  texts: {
    create: 'catalogue.categories.create' | 'catalogue.regions.create';
    createTitle: 'catalogue.categories.createTitle' | 'catalogue.regions.createTitle';
    editTitle: 'catalogue.categories.editTitle' | 'catalogue.regions.editTitle';
    archiveConfirm: 'catalogue.categories.archiveConfirm' | 'catalogue.regions.archiveConfirm';
  };
}

export const categoryTree: TreeKind = {
  endpoint: '/api/v1/product-categories',
  queryKey: categoriesKey,
  codeMax: 50,
  testId: 'category',
  texts: {
    create: 'catalogue.categories.create',
    createTitle: 'catalogue.categories.createTitle',
    editTitle: 'catalogue.categories.editTitle',
    archiveConfirm: 'catalogue.categories.archiveConfirm',
  },
};

export const regionTree: TreeKind = {
  endpoint: '/api/v1/regions',
  queryKey: regionsKey,
  codeMax: 30,
  testId: 'region',
  texts: {
    create: 'catalogue.regions.create',
    createTitle: 'catalogue.regions.createTitle',
    editTitle: 'catalogue.regions.editTitle',
    archiveConfirm: 'catalogue.regions.archiveConfirm',
  },
};
