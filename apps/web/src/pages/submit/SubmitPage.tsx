import { useSearchParams } from 'react-router-dom';
import { useAccess } from '../../auth/access-context';
import { PageHeader } from '../../components/PageHeader';
import { ViewerNotice } from '../../components/ViewerNotice';
import { RunForm } from './RunForm';
import { SweepForm } from './SweepForm';

/** Start a training run or a sweep, from the notebook's presets or from scratch. */
export function SubmitPage() {
  const [search, setSearch] = useSearchParams();
  const kind = search.get('kind') === 'sweep' ? 'sweep' : 'run';
  const mayWrite = useAccess().can('write');
  return (
    <div className="page">
      <PageHeader
        title="New experiment"
        description="Start from one of the notebook's models or its hyper-parameter search; empty fields keep scikit-learn's defaults."
        actions={
          <div className="tabs" role="group" aria-label="Experiment kind">
            <button type="button" className="btn" aria-pressed={kind === 'run'} onClick={() => setSearch({}, { replace: true })}>
              Training run
            </button>
            <button type="button" className="btn" aria-pressed={kind === 'sweep'} onClick={() => setSearch({ kind: 'sweep' }, { replace: true })}>
              Sweep
            </button>
          </div>
        }
      />
      {!mayWrite ? <ViewerNotice action="start runs or sweeps" /> : kind === 'run' ? <RunForm /> : <SweepForm />}
    </div>
  );
}
