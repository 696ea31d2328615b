import { GlobalOutlined } from '@ant-design/icons';
import { App, Button, Dropdown } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../api/types';
import { currentLocale, LOCALES } from '../i18n';
import { errorMessage } from '../i18n/labels';
import { useChangeLocale } from '../session/actions';

/** English / 简体中文. Each language is named in itself, so anyone can find theirs. */
export function LanguageSwitch({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation();
  const changeLocale = useChangeLocale();
  const { message } = App.useApp();
  const current = currentLocale();
  const choose = async (locale: Locale) => {
    try {
      await changeLocale(locale);
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        selectable: true,
        selectedKeys: [current],
        items: LOCALES.map((l) => ({ key: l, label: <span lang={l}>{t(`language.${l}`)}</span> })),
        onClick: ({ key }) => void choose(key as Locale),
      }}
    >
      <Button type="text" icon={<GlobalOutlined />} aria-label={t('language.label')} data-testid="language-switch">
        {compact ? null : t(`language.${current}`)}
      </Button>
    </Dropdown>
  );
}
