import { BulbOutlined, DeleteOutlined, SaveOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { createActionKey } from '../../api-client';
import type { ImportKind, ImportMapping, ImportPreview } from '../../api/imports.types';
import { errorMessage } from '../../i18n/labels';
import { fieldLabel, listJoin } from './labels';
import { applyTemplate, missingRequired } from './mapping';
import { deleteTemplate, importsKey, saveTemplate, suggestMapping, useTemplates } from './queries';

type FieldDef = ImportPreview['fields'][number];

/** Step 3: each target field with a select of the file's columns; load, save and delete named mappings. */
export function MappingStep(props: { kind: ImportKind; preview: ImportPreview; mapping: ImportMapping; onChange: (m: ImportMapping) => void }) {
  const { kind, preview, mapping, onChange } = props;
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const templates = useTemplates(kind);
  const [templateId, setTemplateId] = useState<string | undefined>();
  const [templateWarning, setTemplateWarning] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [form] = Form.useForm<{ name: string }>();
  const saveKey = useMemo(() => createActionKey(), []);
  const firstRow = preview.rows[0] ?? [];
  const used = new Set(Object.values(mapping).filter(Boolean));
  const unused = preview.headers.filter((h) => !used.has(h));

  const setField = (field: string, header: string | undefined) => {
    const next = { ...mapping };
    if (header) next[field] = header;
    else delete next[field];
    onChange(next);
  };

  const load = (id: string | undefined) => {
    setTemplateId(id);
    const tpl = templates.data?.find((x) => x.id === id);
    if (!tpl) return;
    const { mapping: m, missing } = applyTemplate(tpl, preview.headers);
    onChange(m);
    setTemplateWarning(missing.length ? t('imports.mapping.templateMissingColumns', { columns: listJoin(missing.map((h) => `“${h}”`)) }) : null);
    message.success(t('imports.mapping.templateLoaded', { name: tpl.name }));
  };

  const save = async () => {
    const { name } = await form.validateFields();
    setSaving(true);
    setSaveError(null);
    try {
      const tpl = await saveTemplate(kind, name.trim(), mapping, saveKey);
      saveKey.reset();
      await qc.invalidateQueries({ queryKey: [...importsKey, 'templates', kind] });
      setTemplateId(tpl.id);
      message.success(t('imports.mapping.templateSaved', { name: tpl.name }));
      setSaveOpen(false);
    } catch (e) {
      setSaveError(e);
    } finally {
      setSaving(false);
    }
  };
  const [saveOpen, setSaveOpen] = useState(false);

  const remove = async () => {
    if (!templateId) return;
    try {
      await deleteTemplate(templateId);
      setTemplateId(undefined);
      await qc.invalidateQueries({ queryKey: [...importsKey, 'templates', kind] });
      message.success(t('imports.mapping.templateDeleted'));
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  /** Back to the mapping suggested from the column names (after a template was loaded, or choices went astray). */
  const suggest = async () => {
    try {
      onChange(await suggestMapping(kind, preview.headers));
      setTemplateId(undefined);
      setTemplateWarning(null);
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  const columnOptions = preview.headers.map((h) => ({ value: h, label: h }));
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="import-mapping">
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {t('imports.mapping.intro')}
      </Typography.Paragraph>
      <Space wrap>
        <Typography.Text>{t('imports.mapping.template')}:</Typography.Text>
        <Select
          style={{ width: 280 }}
          allowClear
          placeholder={t('imports.mapping.templatePlaceholder')}
          loading={templates.isPending}
          value={templateId}
          onChange={load}
          options={(templates.data ?? []).map((x) => ({ value: x.id, label: x.name }))}
          data-testid="template-select"
          aria-label={t('imports.mapping.template')}
        />
        {templateId && (
          <Popconfirm title={t('imports.mapping.deleteTemplate')} onConfirm={remove}>
            <Button icon={<DeleteOutlined />} aria-label={t('imports.mapping.deleteTemplate')} title={t('imports.mapping.deleteTemplate')} />
          </Popconfirm>
        )}
        <Button
          icon={<SaveOutlined />}
          onClick={() => {
            form.setFieldsValue({ name: templates.data?.find((x) => x.id === templateId)?.name ?? '' });
            setSaveError(null);
            setSaveOpen(true);
          }}
          data-testid="save-template"
        >
          {t('imports.mapping.saveTemplate')}
        </Button>
        <Button icon={<BulbOutlined />} onClick={suggest} data-testid="suggest-mapping">
          {t('imports.mapping.suggestAgain')}
        </Button>
      </Space>
      {templateWarning && <Alert type="warning" showIcon message={templateWarning} />}
      <Table<FieldDef>
        size="small"
        rowKey="field"
        pagination={false}
        dataSource={preview.fields}
        onRow={(f) => ({ 'data-testid': 'mapping-row', 'data-field': f.field }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: t('imports.mapping.field'),
            key: 'field',
            width: 260,
            render: (_, f) => (
              <span>
                {fieldLabel(f.field)}
                {f.required && <Typography.Text type="danger"> *</Typography.Text>}
              </span>
            ),
          },
          {
            title: t('imports.mapping.column'),
            key: 'column',
            width: 320,
            render: (_, f) => (
              <Space>
                <Select
                  style={{ width: 240 }}
                  allowClear
                  showSearch
                  placeholder={t('imports.mapping.notMapped')}
                  value={mapping[f.field]}
                  onChange={(v) => setField(f.field, v)}
                  options={columnOptions}
                  status={f.required && missingRequired(kind, preview.fields, mapping).includes(f.field) ? 'error' : undefined}
                  data-testid={`map-${f.field}`}
                  aria-label={fieldLabel(f.field)}
                />
                {mapping[f.field] && preview.suggestedMapping[f.field] === mapping[f.field] && <Tag>{t('imports.mapping.suggested')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('imports.mapping.sample'),
            key: 'sample',
            ellipsis: true,
            render: (_, f) => {
              const idx = mapping[f.field] ? preview.headers.indexOf(mapping[f.field]) : -1;
              return idx >= 0 ? <Typography.Text type="secondary">{firstRow[idx] ?? ''}</Typography.Text> : null;
            },
          },
        ]}
      />
      {unused.length > 0 && (
        <Typography.Text type="secondary" data-testid="unused-columns">
          {t('imports.mapping.unusedColumns', { columns: listJoin(unused) })}
        </Typography.Text>
      )}
      <Modal
        open={saveOpen}
        title={t('imports.mapping.saveTemplate')}
        onCancel={() => setSaveOpen(false)}
        onOk={save}
        confirmLoading={saving}
        destroyOnHidden
        okButtonProps={{ 'data-testid': 'save-template-ok' } as React.ComponentProps<typeof Button>}
      >
        {saveError !== null && <Alert type="error" showIcon message={errorMessage(saveError)} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical" onFinish={save}>
          <Form.Item name="name" label={t('imports.mapping.templateName')} rules={[{ required: true, whitespace: true, message: t('errors.field.required') }, { max: 100 }]}>
            <Input autoFocus maxLength={100} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
