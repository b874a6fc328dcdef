import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';

// A render error anywhere below: say so and offer a way back instead of a blank window.
export function RouteError() {
  const { t } = useTranslation();
  return (
    <Result
      status="error"
      title={t('errorPage.title')}
      extra={
        <Button type="primary" onClick={() => window.location.assign(window.location.pathname)}>
          {t('errorPage.home')}
        </Button>
      }
    />
  );
}
