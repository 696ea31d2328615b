import { List, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { DuplicateMatch } from '../../api/customers.types';

/** Possible duplicates: a visible one links to its customer; someone else's shows only its code, owner and why. */
export function DuplicateList({ matches }: { matches: DuplicateMatch[] }) {
  const { t } = useTranslation();
  return (
    <List
      size="small"
      dataSource={matches}
      data-testid="duplicate-matches"
      renderItem={(m) => (
        <List.Item key={m.code} style={{ paddingInline: 0 }} data-testid="duplicate-match">
          <Space wrap size={6}>
            {m.isVisible && m.id ? (
              <Link to={`/customers/${m.id}`} target="_blank">
                {m.code} {m.name}
              </Link>
            ) : (
              <Typography.Text>
                {m.code} · {t('customers.duplicates.hidden')}
              </Typography.Text>
            )}
            <Typography.Text type="secondary">{m.ownerName ? t('customers.duplicates.ownedBy', { name: m.ownerName }) : t('customers.duplicates.noOwner')}</Typography.Text>
            {m.why.map((w) => (
              <Tag key={w} color={w === 'similar_name' ? 'gold' : 'red'}>
                {t(`customers.duplicates.why.${w}`)}
              </Tag>
            ))}
            {m.why.includes('similar_name') ? <Typography.Text type="secondary">{t('customers.duplicates.similarity', { value: Math.round(m.similarity * 100) + '%' })}</Typography.Text> : null}
          </Space>
        </List.Item>
      )}
    />
  );
}
