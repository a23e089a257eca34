import { Link } from 'react-router-dom';
import { api } from '../api/client';
import type { ListModelsQuery, ModelSummary } from '../api/types';
import { Card } from '../components/Card';
import { DataTable } from '../components/DataTable';
import { FilterSelect } from '../components/FilterSelect';
import { PageHeader } from '../components/PageHeader';
import { PagedList } from '../components/PagedList';
import { useEstimators } from '../hooks/useEstimators';
import { useListPage } from '../hooks/useListPage';
import { formatAge, formatBytes, formatModelType, formatPercent, shortId } from '../lib/format';
import type { ListQuerySpec } from '../lib/list-query';

const MODELS_QUERY: ListQuerySpec = { filters: { model_type: null }, limit: 20 };

/** Trained models: download the artifact, or try one on a digit you draw. */
export function ModelsPage() {
  const { query, setFilter, list: models, pages } = useListPage<ListModelsQuery, ModelSummary>(MODELS_QUERY, api.models.list);
  const { models: modelTypes } = useEstimators();
  return (
    <div className="page">
      <PageHeader
        title="Models"
        description="Every succeeded run keeps its fitted model as a versioned artifact."
        actions={
          <Link className="btn btn-primary" to="/playground">
            Open the playground
          </Link>
        }
      />
      <Card flush>
        <div className="card-header">
          <FilterSelect
            label="Model"
            value={query.model_type ?? ''}
            options={modelTypes.map((model) => model.type)}
            format={formatModelType}
            onChange={(value) => setFilter('model_type', value)}
          />
        </div>
        <PagedList list={models} pages={pages} what="models">
          {(items) => <ModelsTable models={items} />}
        </PagedList>
      </Card>
    </div>
  );
}

function ModelsTable({ models }: { models: ModelSummary[] }) {
  if (models.length === 0) return <p className="empty">No models yet: they appear when a run succeeds.</p>;
  return (
    <DataTable
      caption="Trained models"
      columns={[
        { label: 'Model' },
        { label: 'Type' },
        { label: 'Dataset' },
        { label: 'Test accuracy', numeric: true },
        { label: 'Size', numeric: true },
        { label: 'SHA-256' },
        { label: 'Run' },
        { label: 'Age' },
        { label: 'Actions', hiddenLabel: true },
      ]}
    >
      {models.map((model) => (
        <tr key={model.id}>
          <td className="mono">{shortId(model.id)}</td>
          <td>{formatModelType(model.model_type)}</td>
          <td>{model.dataset}</td>
          <td className="numeric">{formatPercent(model.test_accuracy)}</td>
          <td className="numeric">{formatBytes(model.size_bytes)}</td>
          <td className="mono" title={model.sha256}>
            {model.sha256.slice(0, 12)}…
          </td>
          <td>
            <Link className="mono" to={`/runs/${model.run_id}`}>
              {shortId(model.run_id)}
            </Link>
          </td>
          <td>{formatAge(model.created_at)}</td>
          <td>
            <div className="row">
              <a className="btn btn-small" href={api.models.artifactUrl(model.id)} download aria-label={`Download model ${shortId(model.id)}`}>
                Download
              </a>
              <Link
                className="btn btn-small"
                to={`/playground?model=${model.id}`}
                aria-label={`Try model ${shortId(model.id)} in the playground`}
              >
                Try it
              </Link>
            </div>
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
