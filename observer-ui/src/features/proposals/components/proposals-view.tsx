// the proposals view: pick a niche, edit, submit, watch the lifecycle.
import { Empty, Resolve } from '../../../shared/components/states.tsx';
import { useNiches } from '../api/get-niches.ts';
import { ProposalForm } from './proposal-form.tsx';

export function ProposalsView() {
  const niches = useNiches();
  return (
    <section className="view view-proposals" aria-labelledby="proposals-title">
      <header className="view-header">
        <h2 id="proposals-title">propose an artifact</h2>
      </header>
      <Resolve what="niches" {...niches} retry={niches.reload} isEmpty={(n) => n.length === 0} empty={<Empty title="no niches are registered" />}>
        {(n) => <ProposalForm niches={n} />}
      </Resolve>
    </section>
  );
}
