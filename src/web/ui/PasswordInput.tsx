import { Button, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { generatePassword } from './password';

interface Props {
  value?: string;
  onChange?: (value: string) => void;
  id?: string;
  autoComplete?: string;
}

/** A password an admin sets for someone else: typed, or generated and shown so it can be copied and handed over. */
export function PasswordWithGenerator({ value, onChange, id, autoComplete = 'new-password' }: Props) {
  const { t } = useTranslation();
  const [visible, setVisible] = useState(false);
  const [generated, setGenerated] = useState<string | null>(null);
  return (
    <>
      <Space.Compact style={{ width: '100%' }}>
        <Input.Password
          id={id}
          value={value}
          onChange={(e) => {
            setGenerated(null);
            onChange?.(e.target.value);
          }}
          autoComplete={autoComplete}
          visibilityToggle={{ visible, onVisibleChange: setVisible }}
        />
        <Button
          onClick={() => {
            const pw = generatePassword();
            setGenerated(pw);
            setVisible(true);
            onChange?.(pw);
          }}
        >
          {t('common.generate')}
        </Button>
      </Space.Compact>
      {generated && generated === value ? (
        <Typography.Paragraph type="secondary" style={{ margin: '6px 0 0', fontSize: 12 }} copyable={{ text: generated }}>
          {t('users.generatedPassword')}
        </Typography.Paragraph>
      ) : null}
    </>
  );
}
