export { DocumentsPage } from './DocumentsPage';
export { UploadPage } from './UploadPage';
export { DocumentPage } from './DocumentPage';
export { TypesPage } from './TypesPage';
export { CategoriesPage } from './CategoriesPage';
export { RetentionPage } from './RetentionPage';
