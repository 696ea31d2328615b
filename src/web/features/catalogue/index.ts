export { ProductsPage } from './ProductsPage';
export { ProductPage } from './ProductPage';
export { CategoriesPage } from './CategoriesPage';
export { PriceListsPage } from './PriceListsPage';
export { PriceListPage } from './PriceListPage';
export { RegionsPage } from './RegionsPage';
