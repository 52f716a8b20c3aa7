// the stages and promotions view: the ladder's rungs and the artifacts climbing it.
import { usePromotionStatus } from '../api/get-promotion-status.ts';
import { useStages } from '../api/get-stages.ts';
import { ActivePanel } from './active-panel.tsx';
import { DecisionQueue } from './decision-queue.tsx';
import { NotYet } from './not-yet.tsx';
import { PromotionQueue } from './promotion-queue.tsx';
import { ShadowingList } from './shadowing-list.tsx';
import { StagesTable } from './stages-table.tsx';

export function StagesView() {
  const stages = useStages();
  const status = usePromotionStatus();
  return (
    <section className="view view-stages" aria-labelledby="stages-title">
      <header className="view-header">
        <h2 id="stages-title">stages and promotions</h2>
      </header>
      <h3>the ladder</h3>
      <NotYet what="stages" endpoint="GET /stages" {...stages} retry={stages.reload}>
        {(s) => <StagesTable stages={s} />}
      </NotYet>
      <h3>waiting for an operator</h3>
      <NotYet what="decisions" endpoint="GET /promotion/status" {...status} retry={status.reload}>
        {(s) => <DecisionQueue status={s} onDecided={status.reload} />}
      </NotYet>
      <h3>in shadow now</h3>
      <NotYet what="shadow mode" endpoint="GET /promotion/status" {...status} retry={status.reload}>
        {(s) => <ShadowingList status={s} />}
      </NotYet>
      <h3>active capabilities</h3>
      <ActivePanel />
      <h3>promotion queue</h3>
      <NotYet what="the promotion queue" endpoint="GET /promotion/status" {...status} retry={status.reload}>
        {(s) => <PromotionQueue status={s} />}
      </NotYet>
    </section>
  );
}
