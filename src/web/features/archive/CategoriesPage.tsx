import { PlusOutlined } from '@ant-design/icons';
import { ModalForm, PageContainer, ProForm, ProFormText, ProTable, type ProColumns, type ProFormInstance } from '@ant-design/pro-components';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Typography } from 'antd';
import { useMemo, useRef, useState, type Key } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api, createActionKey, isApiError } from '../../api-client';
import type { ArchiveCategoryDto } from '../../api/archive.types';
import { useSession } from '../../session/SessionContext';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { LoadError } from '../../ui/ErrorPages';
import { applyFieldErrors } from '../../ui/form-errors';
import { buildTree, TreeRowSelect, type TreeNodeOf } from '../../ui/tree';
import { ConflictAlert } from '../sales/common';
import { categoryRows, localName } from './labels';
import { ARCHIVE_API, categoriesKey, useArchiveCategories } from './queries';

type Row = ReturnType<typeof categoryRows>[number];

interface CategoryForm {
  nameEn: string;
  nameZh: string;
  parentId?: string | null;
}

/** Adds a category (optionally under a parent), or renames / moves one at the version read. */
function CategoryFormModal({ rows, node, parentId, onClose }: { rows: Row[]; node?: Row; parentId?: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const formRef = useRef<ProFormInstance<CategoryForm>>(undefined);
  const key = useRef(createActionKey()).current;
  const [conflict, setConflict] = useState(false);
  const [error, setError] = useState<unknown>(null);
  return (
    <ModalForm<CategoryForm>
      open
      title={node ? t('archive.categories.editTitle', { name: node.name }) : t('archive.categories.createTitle')}
      formRef={formRef}
      width={520}
      modalProps={{ destroyOnHidden: true, onCancel: onClose, maskClosable: false }}
      submitter={{ searchConfig: { submitText: t('common.save'), resetText: t('common.cancel') } }}
      initialValues={node ? { nameEn: node.nameEn, nameZh: node.nameZh, parentId: node.parentId } : { parentId: parentId ?? null }}
      data-testid="category-form"
      onFinish={async (v) => {
        setError(null);
        const body = { nameEn: v.nameEn.trim(), nameZh: v.nameZh.trim(), parentId: v.parentId ?? null };
        try {
          const saved = node
            ? await api.patch<ArchiveCategoryDto>(`${ARCHIVE_API}/categories/${node.id}`, { ...body, version: node.version })
            : await api.post<ArchiveCategoryDto>(`${ARCHIVE_API}/categories`, body, { idempotencyKey: key.for(body) });
          key.reset();
          message.success(t(node ? 'archive.categories.saved' : 'archive.categories.created', { name: localName(saved) }));
          onClose();
          return true;
        } catch (e) {
          if (isApiError(e, 'version_conflict')) setConflict(true);
          else if (!applyFieldErrors(formRef.current, e)) setError(e);
          return false;
        } finally {
          await qc.invalidateQueries({ queryKey: categoriesKey });
        }
      }}
    >
      {conflict ? <ConflictAlert onReload={onClose} /> : null}
      <ErrorAlert error={error} style={{ marginBottom: 16 }} />
      <ProFormText name="nameEn" label={t('archive.categories.nameEn')} rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 100, message: t('validation.tooLong', { max: 100 }) }]} />
      <ProFormText name="nameZh" label={t('archive.categories.nameZh')} rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 100, message: t('validation.tooLong', { max: 100 }) }]} />
      <ProForm.Item name="parentId" label={t('archive.categories.parent')} extra={node ? t('archive.categories.moveHelp') : undefined}>
        <TreeRowSelect items={rows} excludeSubtreeOf={node?.id} placeholder={t('archive.categories.topLevel')} />
      </ProForm.Item>
    </ModalForm>
  );
}

/** The archive's category tree: add, rename, move (categories are not deleted). */
export function CategoriesPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const categories = useArchiveCategories();
  const [editing, setEditing] = useState<{ node?: Row; parentId?: string | null } | null>(null);
  const [expanded, setExpanded] = useState<readonly Key[] | null>(null);
  const rows = useMemo(() => categoryRows(categories.data), [categories.data]);
  const tree = useMemo(() => buildTree(rows), [rows]);
  const manage = can('archive:manage');

  const columns: ProColumns<TreeNodeOf<Row>>[] = [
    {
      title: t('archive.categories.name'),
      dataIndex: 'name',
      render: (_, c) => (
        <Typography.Text strong={!c.parentId} data-testid="category-name">
          {c.name}
        </Typography.Text>
      ),
    },
    { title: t('archive.categories.nameEn'), dataIndex: 'nameEn', responsive: ['md'] },
    { title: t('archive.categories.nameZh'), dataIndex: 'nameZh', responsive: ['md'] },
    {
      title: t('archive.categories.documents'),
      width: 120,
      render: (_, c) => <Link to={`/archive/documents?categoryId=${c.id}`}>{t('common.viewAll')}</Link>,
    },
    {
      title: t('common.actions'),
      valueType: 'option',
      width: 200,
      hideInTable: !manage,
      render: (_, c) => [
        <a key="edit" onClick={() => setEditing({ node: c })} data-testid="category-edit">
          {t('common.edit')}
        </a>,
        <a key="child" onClick={() => setEditing({ parentId: c.id })} data-testid="category-add-child">
          {t('archive.categories.addChild')}
        </a>,
      ],
    },
  ];

  if (categories.isError) return <LoadError error={categories.error} onRetry={() => void categories.refetch()} />;
  return (
    <PageContainer title={t('archive.categories.title')} content={t('archive.categories.intro')}>
      <ProTable<TreeNodeOf<Row>>
        rowKey="id"
        columns={columns}
        dataSource={tree}
        loading={categories.isFetching}
        search={false}
        pagination={false}
        scroll={{ x: 700 }}
        expandable={{ expandedRowKeys: expanded ?? rows.map((r) => r.id), onExpandedRowsChange: setExpanded }}
        options={{ reload: () => void categories.refetch(), density: false, setting: true, fullScreen: false }}
        locale={{ emptyText: t('archive.categories.empty') }}
        toolBarRender={() =>
          manage
            ? [
                <Button key="create" type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})} data-testid="category-create">
                  {t('archive.categories.create')}
                </Button>,
              ]
            : []
        }
        data-testid="categories-tree"
      />
      {editing ? <CategoryFormModal key={editing.node?.id ?? `new-${editing.parentId ?? ''}`} rows={rows} node={editing.node} parentId={editing.parentId} onClose={() => setEditing(null)} /> : null}
    </PageContainer>
  );
}
