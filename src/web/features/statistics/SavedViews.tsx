import { DeleteOutlined, SaveOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Input, Modal, Popconfirm, Select, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api-client';
import type { ReportView, ViewKind } from '../../api/statistics.types';
import { errorMessage } from '../../i18n/labels';
import { useViews } from './queries';

/** Save the page's parameters under a name, load them back, update or delete them; each user sees only their own. */
export function SavedViews({ kind, params, onLoad }: { kind: ViewKind; params: Record<string, unknown>; onLoad: (params: Record<string, unknown>) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const views = useViews(kind);
  const [selected, setSelected] = useState<ReportView | null>(null);
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const refresh = () => qc.invalidateQueries({ queryKey: ['statistics', 'views', kind] });
  const run = async (fn: () => Promise<unknown>, done: string) => {
    try {
      await fn();
      message.success(done);
      await refresh();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  const create = () =>
    run(async () => {
      const v = await api.post<ReportView>('/api/v1/statistics/views', { name, kind, params });
      setSelected(v);
      setNaming(false);
      setName('');
    }, t('statistics.views.saved'));
  return (
    <Space wrap>
      <Select
        style={{ width: 220 }}
        allowClear
        placeholder={t('statistics.views.placeholder')}
        value={selected?.id}
        data-testid="saved-views"
        options={(views.data?.items ?? []).map((v) => ({ value: v.id, label: v.name }))}
        onChange={(id) => {
          const v = views.data?.items.find((x) => x.id === id) ?? null;
          setSelected(v);
          if (v) onLoad(v.params);
        }}
      />
      {selected ? (
        <>
          <Button
            onClick={() =>
              void run(async () => setSelected(await api.patch<ReportView>(`/api/v1/statistics/views/${selected.id}`, { params, version: selected.version })), t('statistics.views.saved'))
            }
          >
            {t('statistics.views.update', { name: selected.name })}
          </Button>
          <Popconfirm title={t('statistics.views.delete')} onConfirm={() => void run(async () => {
            await api.delete(`/api/v1/statistics/views/${selected.id}`);
            setSelected(null);
          }, t('statistics.views.deleted'))}>
            <Button icon={<DeleteOutlined />} aria-label={t('statistics.views.delete')} />
          </Popconfirm>
        </>
      ) : null}
      <Button icon={<SaveOutlined />} onClick={() => setNaming(true)} data-testid="save-view">
        {selected ? t('statistics.views.saveAs') : t('statistics.views.save')}
      </Button>
      <Modal open={naming} title={t('statistics.views.save')} onCancel={() => setNaming(false)} onOk={() => void create()} okButtonProps={{ disabled: !name.trim(), id: 'save-view-ok' }}>
        <Input value={name} onChange={(e) => setName(e.target.value)} placeholder={t('statistics.views.name')} maxLength={200} data-testid="save-view-name" onPressEnter={() => name.trim() && void create()} />
      </Modal>
    </Space>
  );
}
