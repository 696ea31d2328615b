import { DownOutlined, PlusOutlined } from '@ant-design/icons';
import { ModalForm, PageContainer, ProForm, ProFormSelect, ProFormText, ProTable, type ProColumns, type ProFormInstance } from '@ant-design/pro-components';
import { useQueryClient } from '@tanstack/react-query';
import { App, Badge, Button, Dropdown, Space, Switch, Tag, Typography } from 'antd';
import { useMemo, useRef, useState, type Key } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { api, createActionKey, isApiError } from '../../api-client';
import type { LocationDto, LocationKind, StocktakeDto } from '../../api/archive-paper.types';
import { errorMessage, fieldErrorMessage } from '../../i18n/labels';
import { useSession } from '../../session/SessionContext';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { LoadError } from '../../ui/ErrorPages';
import { applyFieldErrors } from '../../ui/form-errors';
import { buildTree, TreeRowSelect, type TreeNodeOf } from '../../ui/tree';
import { ConflictAlert } from '../sales/common';
import { LOCATION_KINDS, locationKindLabel } from './paper-labels';
import { labelsUrl, locationsKey, stocktakesKey, useLocations } from './paper-queries';
import { ARCHIVE_API } from './queries';

interface LocationForm {
  kind?: LocationKind;
  name: string;
  code: string;
  parentId?: string | null;
}

/** What a location placed inside another is, by default: one level down (room → cabinet → shelf → box). */
const childKind = (parent: LocationDto | undefined): LocationKind => (parent ? LOCATION_KINDS[Math.min(LOCATION_KINDS.indexOf(parent.kind) + 1, LOCATION_KINDS.length - 1)] : 'room');

function LocationFormModal({ rows, node, parentId, onClose }: { rows: LocationDto[]; node?: LocationDto; parentId?: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const formRef = useRef<ProFormInstance<LocationForm>>(undefined);
  const key = useRef(createActionKey()).current;
  const [conflict, setConflict] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const parent = rows.find((r) => r.id === parentId);
  return (
    <ModalForm<LocationForm>
      open
      title={node ? t('archive.locations.editTitle', { name: node.name }) : t('archive.locations.createTitle')}
      formRef={formRef}
      width={520}
      modalProps={{ destroyOnHidden: true, onCancel: onClose, maskClosable: false }}
      submitter={{ searchConfig: { submitText: t('common.save'), resetText: t('common.cancel') }, submitButtonProps: { 'data-testid': 'location-save' } as never }}
      initialValues={node ? { name: node.name, code: node.code, parentId: node.parentId } : { parentId: parentId ?? null, kind: childKind(parent) }}
      data-testid="location-form"
      onFinish={async (v) => {
        setError(null);
        const body = { name: v.name.trim(), code: v.code.trim(), parentId: v.parentId ?? null };
        try {
          const saved = node
            ? await api.patch<LocationDto>(`${ARCHIVE_API}/locations/${node.id}`, { ...body, version: node.version })
            : await api.post<LocationDto>(`${ARCHIVE_API}/locations`, { ...body, kind: v.kind }, { idempotencyKey: key.for({ ...body, kind: v.kind }) });
          key.reset();
          message.success(t(node ? 'archive.locations.saved' : 'archive.locations.created', { name: saved.name }));
          onClose();
          return true;
        } catch (e) {
          if (isApiError(e, 'version_conflict')) setConflict(true);
          else if (!applyFieldErrors(formRef.current, e)) setError(e);
          return false;
        } finally {
          await qc.invalidateQueries({ queryKey: locationsKey });
        }
      }}
    >
      {conflict ? <ConflictAlert onReload={onClose} /> : null}
      <ErrorAlert error={error} style={{ marginBottom: 16 }} />
      {node ? null : <ProFormSelect name="kind" label={t('archive.locations.kind')} options={LOCATION_KINDS.map((k) => ({ value: k, label: locationKindLabel(k) }))} rules={[{ required: true, message: t('validation.required') }]} fieldProps={{ allowClear: false }} />}
      <ProFormText name="name" label={t('archive.locations.name')} rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 100, message: t('validation.tooLong', { max: 100 }) }]} />
      <ProFormText name="code" label={t('archive.locations.code')} rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 40, message: t('validation.tooLong', { max: 40 }) }]} />
      <ProForm.Item name="parentId" label={t('archive.locations.parent')}>
        <TreeRowSelect items={rows} excludeSubtreeOf={node?.id} placeholder={t('archive.locations.topLevel')} />
      </ProForm.Item>
    </ModalForm>
  );
}

/**
 * The physical places of the paper register as a tree: add (one level down by default),
 * rename, move, archive an empty one; print the labels of everything in a place, or start
 * its stocktake.
 */
export function LocationsPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const locations = useLocations();
  const [showArchived, setShowArchived] = useState(false);
  const [editing, setEditing] = useState<{ node?: LocationDto; parentId?: string | null } | null>(null);
  const [expanded, setExpanded] = useState<readonly Key[] | null>(null);
  const rows = useMemo(() => locations.data ?? [], [locations.data]);
  const tree = useMemo(() => buildTree(rows.filter((r) => showArchived || !r.isArchived)), [rows, showArchived]);
  const manage = can('archive:manage');
  const write = can('archive:write');

  const setArchived = async (l: LocationDto, isArchived: boolean) => {
    try {
      await api.patch(`${ARCHIVE_API}/locations/${l.id}`, { isArchived, version: l.version });
      message.success(t('archive.locations.saved', { name: l.name }));
    } catch (e) {
      message.error(isApiError(e) && e.fields.length ? fieldErrorMessage(e.fields[0]) : errorMessage(e));
    } finally {
      await qc.invalidateQueries({ queryKey: locationsKey });
    }
  };

  const startStocktake = async (l: LocationDto) => {
    try {
      const st = await api.post<StocktakeDto>(`${ARCHIVE_API}/stocktakes`, { locationId: l.id });
      await qc.invalidateQueries({ queryKey: stocktakesKey });
      message.success(t('archive.stocktakes.started', { number: st.number }));
      navigate(`/archive/stocktakes/${st.id}`);
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  const columns: ProColumns<TreeNodeOf<LocationDto>>[] = [
    {
      title: t('archive.locations.name'),
      dataIndex: 'name',
      fixed: 'left',
      width: 260,
      render: (_, l) => (
        <Typography.Text strong={!l.parentId} type={l.isArchived ? 'secondary' : undefined} delete={l.isArchived} data-testid="location-name">
          {l.name}
        </Typography.Text>
      ),
    },
    { title: t('archive.locations.kind'), dataIndex: 'kind', width: 100, render: (_, l) => <Tag>{locationKindLabel(l.kind)}</Tag> },
    { title: t('archive.locations.code'), dataIndex: 'code', width: 140, render: (_, l) => <code>{l.code}</code> },
    {
      title: t('archive.locations.items'),
      dataIndex: 'itemCount',
      width: 110,
      align: 'right',
      render: (_, l) => <Link to={`/archive/paper?locationId=${l.id}`}>{l.itemCount}</Link>,
    },
    {
      title: t('common.status'),
      dataIndex: 'isArchived',
      width: 110,
      render: (_, l) => <Badge status={l.isArchived ? 'default' : 'success'} text={l.isArchived ? t('common.archived') : t('common.active')} />,
    },
    {
      title: t('common.actions'),
      valueType: 'option',
      fixed: 'right',
      width: 220,
      render: (_, l) => [
        <a key="labels" href={labelsUrl({ locationId: l.id })} target="_blank" rel="noreferrer" data-testid="location-labels">
          {t('archive.locations.labels')}
        </a>,
        manage || write ? (
          <Dropdown
            key="more"
            trigger={['click']}
            menu={{
              items: [
                ...(manage ? [{ key: 'edit', label: t('common.edit') }] : []),
                ...(manage && !l.isArchived && l.kind !== 'box' ? [{ key: 'child', label: <span data-testid="location-add-child">{t('archive.locations.addChild')}</span> }] : []),
                ...(write && !l.isArchived ? [{ key: 'stocktake', label: <span data-testid="location-stocktake">{t('archive.locations.stocktake')}</span> }] : []),
                ...(manage ? [{ key: 'archive', label: t(l.isArchived ? 'archive.locations.restore' : 'archive.locations.archive'), danger: !l.isArchived }] : []),
              ],
              onClick: ({ key }) => {
                if (key === 'edit') setEditing({ node: l });
                else if (key === 'child') setEditing({ parentId: l.id });
                else if (key === 'stocktake') void startStocktake(l);
                else if (key === 'archive') {
                  if (l.isArchived) void setArchived(l, false);
                  else
                    modal.confirm({
                      title: t('archive.locations.archive'),
                      content: t('archive.locations.archiveConfirm', { name: l.name }),
                      okText: t('archive.locations.archive'),
                      okButtonProps: { danger: true },
                      cancelText: t('common.cancel'),
                      onOk: () => setArchived(l, true),
                    });
                }
              },
            }}
          >
            <a data-testid="location-more">
              {t('common.more')} <DownOutlined style={{ fontSize: 10 }} />
            </a>
          </Dropdown>
        ) : null,
      ],
    },
  ];

  if (locations.isError) return <LoadError error={locations.error} onRetry={() => void locations.refetch()} />;
  return (
    <PageContainer title={t('archive.locations.title')} content={t('archive.locations.intro')}>
      <ProTable<TreeNodeOf<LocationDto>>
        rowKey="id"
        columns={columns}
        dataSource={tree}
        loading={locations.isFetching}
        search={false}
        pagination={false}
        scroll={{ x: 950 }}
        expandable={{ expandedRowKeys: expanded ?? rows.map((r) => r.id), onExpandedRowsChange: setExpanded }}
        options={{ reload: () => void locations.refetch(), density: false, setting: true, fullScreen: false }}
        locale={{ emptyText: t('archive.locations.empty') }}
        headerTitle={
          <Space>
            <Switch size="small" checked={showArchived} onChange={setShowArchived} id="locations-show-archived" />
            <label htmlFor="locations-show-archived">{t('archive.locations.showArchived')}</label>
          </Space>
        }
        toolBarRender={() =>
          manage
            ? [
                <Button key="create" type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})} data-testid="location-create">
                  {t('archive.locations.create')}
                </Button>,
              ]
            : []
        }
        data-testid="locations-tree"
      />
      {editing ? <LocationFormModal key={editing.node?.id ?? `new-${editing.parentId ?? ''}`} rows={rows} node={editing.node} parentId={editing.parentId} onClose={() => setEditing(null)} /> : null}
    </PageContainer>
  );
}
