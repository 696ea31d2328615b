import { PageContainer, type ProColumns } from '@ant-design/pro-components';
import { Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { RegionDto } from '../../api/catalogue.types';
import { useSession } from '../../session/SessionContext';
import type { TreeNodeOf } from '../../ui/tree';
import { CatalogueTreeTable } from './CatalogueTreeTable';
import { RegionRepsModal } from './RegionRepsModal';
import { useRegions } from './queries';
import { regionTree } from './tree-kinds';

/** The sales territories: a tree of regions with the reps who cover each. */
export function RegionsPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const regions = useRegions();
  const [repsOf, setRepsOf] = useState<RegionDto | null>(null);
  const canManage = can('regions:manage');
  const columns: ProColumns<TreeNodeOf<RegionDto>>[] = [
    {
      title: t('catalogue.regions.reps'),
      dataIndex: 'reps',
      render: (_, r) =>
        r.reps.length ? (
          <Space size={[4, 4]} wrap data-testid="region-reps">
            {r.reps.map((rep) => (
              <Tag key={rep.userId} color={rep.isActive ? 'blue' : undefined} style={{ marginInlineEnd: 0 }}>
                {rep.name}
                {rep.isActive ? '' : ` (${t('catalogue.regions.inactiveRep')})`}
              </Tag>
            ))}
          </Space>
        ) : (
          <Typography.Text type="secondary">{t('catalogue.regions.noReps')}</Typography.Text>
        ),
    },
    {
      title: t('catalogue.regions.customers'),
      dataIndex: 'customerCount',
      width: 110,
      align: 'right',
      // Customers filed under this region itself (the customer list filters the same way).
      render: (_, r) => (r.customerCount ? <Link to={`/customers?regionId=${r.id}`}>{r.customerCount}</Link> : 0),
    },
  ];
  return (
    <PageContainer title={t('catalogue.regions.title')} content={t('catalogue.regions.intro')}>
      <CatalogueTreeTable
        kind={regionTree}
        query={regions}
        canManage={canManage}
        columns={columns}
        moreActions={(r) => (r.isArchived ? [] : [{ key: 'reps', label: <span data-testid="region-assign-reps">{t('catalogue.regions.editReps')}</span> }])}
        onMoreAction={(key, r) => key === 'reps' && setRepsOf(r)}
      />
      {repsOf ? <RegionRepsModal key={repsOf.id} region={repsOf} onClose={() => setRepsOf(null)} /> : null}
    </PageContainer>
  );
}
