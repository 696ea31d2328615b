import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, InputNumber, Space, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { api, createActionKey, isApiError } from '../../api-client';
import type { SupplyRequest } from '../../api/supplies.types';
import { errorMessage, fieldErrorMessage } from '../../i18n/labels';
import { useSession } from '../../session/SessionContext';
import { formatMoney } from '../../ui/money';
import { ItemSelect, useSupplyItems } from './common';

interface Values {
  purpose?: string;
  lines: { itemId?: string; quantity?: number; purpose?: string }[];
}

/** Request supplies: items and quantities (stock shown), a purpose; submitted for approval or kept as a draft. */
export function SupplyRequestFormPage() {
  const { t } = useTranslation();
  const { me } = useSession();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const items = useSupplyItems();
  const key = useMemo(() => createActionKey(), []);
  const [error, setError] = useState<string | null>(null);
  const lines = (Form.useWatch('lines', form) ?? []) as Values['lines'];
  const byId = new Map((items.data ?? []).map((i) => [i.id, i]));
  const estimate = lines.reduce((s, l) => s + (l?.itemId && l.quantity ? (byId.get(l.itemId)?.unitCost ?? 0) * l.quantity : 0), 0);

  const save = async (submit: boolean) => {
    setError(null);
    const v = await form.validateFields();
    const body = { purpose: v.purpose ?? '', submit, lines: v.lines.map((l) => ({ itemId: l.itemId!, quantity: l.quantity!, purpose: l.purpose || undefined })) };
    try {
      const r = await api.post<SupplyRequest>('/api/v1/supplies/requests', body, { idempotencyKey: key.for(body) });
      message.success(t(submit ? 'supplies.requests.submitted' : 'supplies.requests.saved', { number: r.number }));
      await qc.invalidateQueries({ queryKey: ['supplies'] });
      navigate(`/supplies/requests/${r.id}`);
    } catch (e) {
      setError(isApiError(e) && e.fields.length ? `${errorMessage(e)} ${e.fields.map((f) => `${f.field}: ${fieldErrorMessage(f)}`).join('; ')}` : errorMessage(e));
    }
  };

  return (
    <PageContainer title={t('supplies.requests.new')}>
      <Form<Values> form={form} layout="vertical" initialValues={{ lines: [{ quantity: 1 }] }}>
        <Card size="small">
          <Form.Item name="purpose" label={t('supplies.requests.purpose')} style={{ maxWidth: 640 }}>
            <Input data-testid="supply-purpose" />
          </Form.Item>
        </Card>
        <Form.List name="lines">
          {(fields, { add, remove }) => (
            <Card size="small" title={t('supplies.requests.lines')} style={{ marginTop: 16 }} extra={<Button icon={<PlusOutlined />} onClick={() => add({ quantity: 1 })} data-testid="add-supply-line">{t('supplies.requests.addLine')}</Button>}>
              <Table
                size="small"
                rowKey="key"
                pagination={false}
                dataSource={fields}
                columns={[
                  { title: t('supplies.requests.item'), render: (_, f) => <Form.Item name={[f.name, 'itemId']} rules={[{ required: true }]} style={{ margin: 0 }}><ItemSelect testId={`supply-line-${f.name}-item`} /></Form.Item> },
                  { title: t('supplies.requests.quantity'), width: 120, render: (_, f) => <Form.Item name={[f.name, 'quantity']} rules={[{ required: true }]} style={{ margin: 0 }}><InputNumber min={1} max={100000} precision={0} data-testid={`supply-line-${f.name}-quantity`} /></Form.Item> },
                  { title: t('supplies.requests.linePurpose'), render: (_, f) => <Form.Item name={[f.name, 'purpose']} style={{ margin: 0 }}><Input /></Form.Item> },
                  { title: '', width: 60, render: (_, f) => (fields.length > 1 ? <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(f.name)} /> : null) },
                ]}
              />
              <Typography.Paragraph style={{ marginTop: 8 }}>
                {t('supplies.requests.estimated')}: <b data-testid="supply-estimate">{formatMoney(estimate, me.company.currency)}</b>
              </Typography.Paragraph>
            </Card>
          )}
        </Form.List>
        {error && <Alert type="error" showIcon message={error} style={{ marginTop: 16 }} />}
        <Space style={{ marginTop: 16 }}>
          <Button type="primary" onClick={() => void save(true)} data-testid="submit-supply-request">
            {t('supplies.requests.submit')}
          </Button>
          <Button onClick={() => void save(false)}>{t('supplies.requests.saveDraft')}</Button>
        </Space>
      </Form>
    </PageContainer>
  );
}
