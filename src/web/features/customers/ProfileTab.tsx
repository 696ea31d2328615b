import { CheckCircleTwoTone, WarningTwoTone } from '@ant-design/icons';
import { useQueries } from '@tanstack/react-query';
import { Card, Descriptions, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../api-client';
import type { BillingCompleteness, CustomerDto, InvoiceType } from '../../api/customers.types';
import { formatDate } from '../../ui/format';
import { formatMoney } from '../../ui/money';
import { fieldLabel } from './labels';
import type { TextKey } from './texts';

const INVOICE_TYPES: InvoiceType[] = ['ordinary_vat', 'special_vat'];
const dash = (v: string | null | undefined) => (v && v.trim() ? v : '–');

/** Whether the billing information is enough for each kind of VAT invoice (asked of the server, which owns the rule). */
function BillingCheck({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const checks = useQueries({
    queries: INVOICE_TYPES.map((invoiceType) => ({
      queryKey: ['customers', 'billing-check', customerId, invoiceType],
      queryFn: () => api.get<BillingCompleteness>(`/api/v1/customers/${customerId}/billing-check`, { invoiceType }),
    })),
  });
  return (
    <Space direction="vertical" size={4} data-testid="billing-check">
      {checks.map((q, i) => (
        <Space key={INVOICE_TYPES[i]} size={6} wrap>
          {q.data?.complete ? <CheckCircleTwoTone twoToneColor="#52c41a" /> : <WarningTwoTone twoToneColor="#faad14" />}
          <Typography.Text strong>{t(`customers.invoiceTypes.${INVOICE_TYPES[i]}`)}</Typography.Text>
          {q.data ? (
            q.data.complete ? (
              <Tag color="success">{t('customers.billingComplete')}</Tag>
            ) : (
              <Typography.Text type="warning">{t('customers.billingMissing', { fields: q.data.missing.map(fieldLabel).join(t('customers.listSeparator')) })}</Typography.Text>
            )
          ) : null}
        </Space>
      ))}
    </Space>
  );
}

/** The licence expiry date, marked when it has lapsed or lapses within 30 days. */
function LicenceExpiry({ day }: { day: string | null }) {
  const { t } = useTranslation();
  if (!day) return <>–</>;
  const days = dayjs(day).diff(dayjs().startOf('day'), 'day');
  return (
    <Space size={4}>
      {formatDate(day)}
      {days < 0 ? <Tag color="error">{t('customers.licenceExpired')}</Tag> : days <= 30 ? <Tag color="warning">{t('customers.licenceExpiresSoon')}</Tag> : null}
    </Space>
  );
}

/** Everything filed on the customer: company, licence, billing (with the completeness check), classification, notes. */
export function ProfileTab({ c }: { c: CustomerDto }) {
  const { t } = useTranslation();
  const f = (k: TextKey<'fields'>) => t(`customers.fields.${k}`);
  const creditWarning = c.creditCodeCheck && c.creditCodeCheck !== 'ok' ? <Typography.Text type="warning"> {t(`customers.creditCodeWarning.${c.creditCodeCheck}`)}</Typography.Text> : null;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card size="small" title={t('customers.sections.basic')}>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 2, xxl: 3 }}
          items={[
            { key: 'name', label: f('name'), children: c.name },
            { key: 'shortName', label: f('shortName'), children: dash(c.shortName) },
            { key: 'creditCode', label: f('creditCode'), children: c.creditCode ? <span>{c.creditCode}{creditWarning}</span> : '–' },
            { key: 'phone', label: f('phone'), children: dash(c.phone) },
            { key: 'website', label: f('website'), children: c.website ? <Typography.Link href={/^https?:\/\//.test(c.website) ? c.website : `https://${c.website}`} target="_blank" rel="noreferrer">{c.website}</Typography.Link> : '–' },
            { key: 'industry', label: f('industry'), children: dash(c.industry) },
            { key: 'source', label: f('source'), children: dash(c.source) },
            { key: 'department', label: f('department'), children: dash(c.departmentName) },
            { key: 'region', label: f('region'), children: dash(c.regionName) },
            { key: 'tags', label: f('tags'), children: c.tags.length ? c.tags.map((tag) => <Tag key={tag}>{tag}</Tag>) : '–' },
          ]}
        />
      </Card>
      <Card size="small" title={t('customers.sections.licence')}>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 2, xxl: 3 }}
          items={[
            { key: 'regNo', label: f('licenceRegNo'), children: dash(c.licenceRegNo) },
            { key: 'legal', label: f('legalRepresentative'), children: dash(c.legalRepresentative) },
            { key: 'capital', label: f('registeredCapital'), children: c.registeredCapital !== null ? formatMoney(c.registeredCapital, c.registeredCapitalCurrency ?? 'CNY') : '–' },
            { key: 'issued', label: f('licenceIssuedOn'), children: formatDate(c.licenceIssuedOn) || '–' },
            { key: 'expires', label: f('licenceExpiresOn'), children: <LicenceExpiry day={c.licenceExpiresOn} /> },
            {
              key: 'scan',
              label: f('licenceFile'),
              children: c.licenceFileId ? (
                <a href={`/api/v1/files/${c.licenceFileId}/preview`} target="_blank" rel="noreferrer">
                  {t('customers.licenceView')}
                </a>
              ) : (
                '–'
              ),
            },
            { key: 'address', label: f('licenceAddress'), span: 2, children: dash(c.licenceAddress) },
            { key: 'scope', label: f('businessScope'), span: 2, children: <span style={{ whiteSpace: 'pre-wrap' }}>{dash(c.businessScope)}</span> },
          ]}
        />
      </Card>
      <Card size="small" title={t('customers.sections.billing')} extra={null}>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 2, xxl: 3 }}
          items={[
            { key: 'title', label: f('invoiceTitle'), children: dash(c.invoiceTitle) },
            { key: 'taxpayer', label: f('taxpayerId'), children: dash(c.taxpayerId) },
            { key: 'address', label: f('billingAddress'), children: dash(c.billingAddress) },
            { key: 'phone', label: f('billingPhone'), children: dash(c.billingPhone) },
            { key: 'bank', label: f('bankName'), children: dash(c.bankName) },
            { key: 'account', label: f('bankAccount'), children: dash(c.bankAccount) },
            { key: 'check', label: t('customers.billingCheck'), span: 2, children: <BillingCheck customerId={c.id} /> },
          ]}
        />
      </Card>
      <Card size="small" title={t('customers.sections.notes')}>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{c.notes || <Typography.Text type="secondary">{t('common.none')}</Typography.Text>}</Typography.Paragraph>
      </Card>
    </Space>
  );
}
