import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { describeError, errorCodeOf } from '../lib/errors';

// A failed page load: "not found" reads differently from a server that did not answer.
export function QueryError({ error, onRetry, notFound }: { error: unknown; onRetry?: () => void; notFound?: string }) {
  const { t } = useTranslation();
  const code = errorCodeOf(error);
  if (code === 'NOT_FOUND') return <Result status="404" title={notFound ?? t('errors.NOT_FOUND')} />;
  return (
    <Result
      status={code === 'FORBIDDEN' ? '403' : 'warning'}
      title={t('common.loadFailed')}
      subTitle={describeError(t, error)}
      extra={onRetry && <Button onClick={onRetry}>{t('common.retry')}</Button>}
    />
  );
}
