import { PageContainer } from '@ant-design/pro-components';
import { Col, Row } from 'antd';
import { useSession } from '../../session/SessionContext';
import { workbenchCards } from './cards';

/** Home: the cards from every module that apply to this user. */
export function WorkbenchPage() {
  const session = useSession();
  const cards = workbenchCards.filter((c) => c.isVisible(session)).sort((a, b) => a.order - b.order);
  return (
    <PageContainer header={{ title: null, breadcrumb: undefined }} data-testid="workbench">
      <Row gutter={[16, 16]}>
        {cards.map((c) => (
          <Col key={c.id} xs={24} xl={c.span} data-testid={`card-${c.id}`}>
            <c.Component ctx={session} />
          </Col>
        ))}
      </Row>
    </PageContainer>
  );
}
