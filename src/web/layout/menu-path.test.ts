import { describe, expect, it } from 'vitest';
import { closestMenuPath } from './menu-path';

const menu = [
  { path: '/' },
  { path: '/group/archive', children: [{ path: '/archive' }, { path: '/archive/paper' }, { path: '/archive/paper-locations' }] },
  { path: '/group/catalogue', children: [{ path: '/products' }, { path: '/products/categories' }] },
];

describe('closestMenuPath', () => {
  it('picks the one entry that matches the address most closely, by whole segments', () => {
    expect(closestMenuPath(menu, '/archive/paper/3f1c')).toBe('/archive/paper');
    expect(closestMenuPath(menu, '/archive/paper-locations')).toBe('/archive/paper-locations');
    expect(closestMenuPath(menu, '/archive/9a2b')).toBe('/archive');
    expect(closestMenuPath(menu, '/products/categories')).toBe('/products/categories');
    expect(closestMenuPath(menu, '/products/7c1d/edit')).toBe('/products');
  });

  it('leaves the home page and addresses outside the menu as they are', () => {
    expect(closestMenuPath(menu, '/')).toBe('/');
    expect(closestMenuPath(menu, '/profile')).toBe('/profile');
  });
});
