import { CloudUploadOutlined } from '@ant-design/icons';
import { lazyNamed, type PageDef } from '../../page-def';

const imports = () => import('./index');

/** The imports pages: routes, permissions and menu entries (spread into navigation.tsx). */
export const importsPages: PageDef[] = [
  { path: '/imports', permission: 'imports:run', Component: lazyNamed(imports, 'ImportsPage'), menu: { label: 'nav.imports', icon: <CloudUploadOutlined />, order: 400 } },
  { path: '/imports/new', permission: 'imports:run', Component: lazyNamed(imports, 'ImportWizardPage') },
  { path: '/imports/:id', permission: 'imports:run', Component: lazyNamed(imports, 'ImportBatchPage') },
];
