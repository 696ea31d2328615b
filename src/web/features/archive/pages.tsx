import { AuditOutlined, ClockCircleOutlined, CloudUploadOutlined, ContainerOutlined, EnvironmentOutlined, FileSearchOutlined, PartitionOutlined, TagsOutlined } from '@ant-design/icons';
import { lazyNamed, type PageDef } from '../../page-def';

/** The archive pages: routes, permissions and menu entries (spread into navigation.tsx). One lazy chunk. */
const archive = () => import('./index');
const read = 'archive:read';
const write = 'archive:write';
const manage = 'archive:manage';

export const archivePages: PageDef[] = [
  { path: '/archive/documents', permission: read, Component: lazyNamed(archive, 'DocumentsPage'), menu: { group: 'archive', label: 'nav.archiveDocuments', icon: <FileSearchOutlined />, order: 10 } },
  { path: '/archive/upload', permission: write, Component: lazyNamed(archive, 'UploadPage'), menu: { group: 'archive', label: 'nav.archiveUpload', icon: <CloudUploadOutlined />, order: 20 } },
  { path: '/archive/documents/:id', permission: read, Component: lazyNamed(archive, 'DocumentPage') },
  { path: '/archive/retention', permission: manage, Component: lazyNamed(archive, 'RetentionPage'), menu: { group: 'archive', label: 'nav.archiveRetention', icon: <ClockCircleOutlined />, order: 30 } },
  { path: '/archive/paper', permission: read, Component: lazyNamed(archive, 'PaperItemsPage'), menu: { group: 'archive', label: 'nav.archivePaper', icon: <ContainerOutlined />, order: 40 } },
  { path: '/archive/paper/:id', permission: read, Component: lazyNamed(archive, 'PaperItemPage') },
  { path: '/archive/locations', permission: read, Component: lazyNamed(archive, 'LocationsPage'), menu: { group: 'archive', label: 'nav.archiveLocations', icon: <EnvironmentOutlined />, order: 50 } },
  { path: '/archive/stocktakes', permission: write, Component: lazyNamed(archive, 'StocktakesPage'), menu: { group: 'archive', label: 'nav.archiveStocktakes', icon: <AuditOutlined />, order: 60 } },
  { path: '/archive/stocktakes/:id', permission: write, Component: lazyNamed(archive, 'StocktakePage') },
  { path: '/archive/types', permission: manage, Component: lazyNamed(archive, 'TypesPage'), menu: { group: 'archive', label: 'nav.archiveTypes', icon: <TagsOutlined />, order: 80 } },
  { path: '/archive/categories', permission: manage, Component: lazyNamed(archive, 'CategoriesPage'), menu: { group: 'archive', label: 'nav.archiveCategories', icon: <PartitionOutlined />, order: 90 } },
];
