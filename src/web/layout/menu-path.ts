export interface MenuPathItem {
  path?: string;
  children?: MenuPathItem[];
}

/** The longest menu path that is the address itself or a parent of it (by whole segments); the address when none is. */
export function closestMenuPath(items: MenuPathItem[] | undefined, pathname: string): string {
  let best: string | undefined;
  const visit = (list: MenuPathItem[] | undefined) => {
    for (const item of list ?? []) {
      const path = item.path;
      if (path && (pathname === path || (path !== '/' && pathname.startsWith(`${path}/`))) && (!best || path.length > best.length)) best = path;
      visit(item.children);
    }
  };
  visit(items);
  return best ?? pathname;
}
