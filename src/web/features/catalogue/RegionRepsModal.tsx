import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../../api-client';
import type { RegionDto } from '../../api/catalogue.types';
import type { Page, UserDto } from '../../api/types';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { regionsKey } from './queries';

/** The active sales reps to choose from: a department has tens of them, so one page holds all. */
function useActiveReps() {
  return useQuery({
    queryKey: ['users', 'reps', 'active'],
    queryFn: () => api.get<Page<UserDto>>('/api/v1/users', { role: 'rep', isActive: 'true', limit: 500 }),
    staleTime: 60_000,
  });
}

/** Sets the whole set of reps covering a region (PUT …/reps at the region's version). */
export function RegionRepsModal({ region, onClose }: { region: RegionDto; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const reps = useActiveReps();
  const [current, setCurrent] = useState(region);
  const [userIds, setUserIds] = useState(region.reps.map((r) => r.userId));
  const [saving, setSaving] = useState(false);
  const [conflict, setConflict] = useState(false);
  const [error, setError] = useState<unknown>(null);

  // Reps already assigned stay choosable even when they are no longer active reps (so they can be removed).
  const options = [
    ...(reps.data?.items ?? []).map((u) => ({ value: u.id, label: u.displayName })),
    ...current.reps.filter((r) => !reps.data?.items.some((u) => u.id === r.userId)).map((r) => ({ value: r.userId, label: r.isActive ? r.name : `${r.name} (${t('catalogue.regions.inactiveRep')})` })),
  ];

  const reload = async () => {
    try {
      const fresh = await api.get<RegionDto>(`/api/v1/regions/${region.id}`);
      setCurrent(fresh);
      setUserIds(fresh.reps.map((r) => r.userId));
      setConflict(false);
      message.info(t('conflict.reloaded'));
    } catch (e) {
      setError(e);
    }
  };

  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      await api.put<RegionDto>(`/api/v1/regions/${region.id}/reps`, { userIds, version: current.version });
      await qc.invalidateQueries({ queryKey: regionsKey });
      message.success(t('catalogue.regions.repsSaved', { name: region.name }));
      onClose();
    } catch (e) {
      if (isApiError(e, 'version_conflict')) setConflict(true);
      else setError(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('catalogue.regions.repsTitle', { name: region.name })}
      onCancel={onClose}
      onOk={() => void save()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      okButtonProps={{ disabled: conflict, 'data-testid': 'save-reps' } as never}
      maskClosable={false}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('catalogue.regions.repsHelp')}</Typography.Paragraph>
      {conflict ? (
        <Alert
          type="warning"
          showIcon
          role="alert"
          style={{ marginBottom: 16 }}
          message={t('conflict.title')}
          description={t('errors.version_conflict')}
          action={
            <Button size="small" onClick={() => void reload()}>
              {t('conflict.reload')}
            </Button>
          }
        />
      ) : null}
      <ErrorAlert error={error} style={{ marginBottom: 16 }} />
      <Select
        mode="multiple"
        value={userIds}
        onChange={setUserIds}
        options={options}
        loading={reps.isPending}
        optionFilterProp="label"
        placeholder={t('catalogue.regions.chooseReps')}
        style={{ width: '100%' }}
        aria-label={t('catalogue.regions.reps')}
        data-testid="reps-select"
      />
    </Modal>
  );
}
