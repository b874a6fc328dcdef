import { Card, Col, Flex, Row, Statistic, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CustomerDto } from '../../../../../shared/domain/customer.schema';
import { formatDate, formatInstant } from '../../../lib/format';
import { CustomerLevelTag, CustomerStatusTag } from './CustomerStatusTag';

// The top of a customer's page: who, whose, and when they were last and next contacted.
export function CustomerSummary({ c }: { c: CustomerDto }) {
  const { t } = useTranslation();
  const never = t('followUps.never');
  const overdue = !!c.nextFollowUpAt && c.nextFollowUpAt.slice(0, 10) < new Date().toISOString().slice(0, 10);
  return (
    <Card size="small" style={{ marginBottom: 16 }}>
      <Row gutter={[24, 12]} align="middle">
        <Col flex="auto">
          <Flex gap={8} align="center" wrap>
            <CustomerStatusTag status={c.status} />
            <CustomerLevelTag level={c.level} />
            {c.industry && <Tag>{t(`enums.industry.${c.industry}`)}</Tag>}
            {c.tags.map((x) => (
              <Tag key={x} color="processing" variant="outlined">
                {x}
              </Tag>
            ))}
          </Flex>
          <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8 }}>
            {t('customers.ownerLine', { name: c.owner?.name ?? t('customers.inPool') })}
          </Typography.Text>
        </Col>
        <Col>
          <Statistic title={t('followUps.last')} value={formatInstant(c.lastFollowUpAt) || never} styles={{ content: { fontSize: 16 } }} />
        </Col>
        <Col>
          <Statistic
            title={t('followUps.nextShort')}
            value={formatDate(c.nextFollowUpAt) || never}
            styles={{ content: { fontSize: 16, color: overdue ? '#cf1322' : undefined } }}
          />
        </Col>
      </Row>
    </Card>
  );
}
