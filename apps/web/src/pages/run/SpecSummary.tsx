import type { RunSpec } from '../../api/types';
import { formatModelType, formatParam } from '../../lib/format';
import { pipelineSteps } from '../../lib/spec';

/** What was trained: dataset, split and each pipeline step with its parameters (defaults filled in). */
export function SpecSummary({ spec }: { spec: RunSpec }) {
  return (
    <div className="stack">
      <dl className="definitions">
        <dt>Dataset</dt>
        <dd>
          {spec.dataset}
          {spec.n_samples !== null && ` (first ${spec.n_samples} samples)`}
        </dd>
        <dt>Split</dt>
        <dd>
          test_size={spec.split.test_size}, random_state={formatParam(spec.split.random_state)}
          {spec.split.stratify && ', stratified'}
        </dd>
        {pipelineSteps(spec.estimator).map((step) => (
          <StepDefinition key={step.name} name={step.name} type={step.type} params={step.params} />
        ))}
      </dl>
      <details>
        <summary>Spec as JSON</summary>
        <pre className="report">{JSON.stringify(spec, null, 2)}</pre>
      </details>
    </div>
  );
}

function StepDefinition({ name, type, params }: { name: string; type: string; params: Record<string, unknown> }) {
  return (
    <>
      <dt>{name}</dt>
      <dd>
        <strong>{formatModelType(type)}</strong>
        <div>
          {Object.entries(params).map(([param, value]) => (
            <span key={param} className="chip">
              {param}={formatParam(value)}
            </span>
          ))}
        </div>
      </dd>
    </>
  );
}
