import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../api/client';
import type { ModelSummary } from '../api/types';
import { Card } from '../components/Card';
import { ErrorAlert, Loading } from '../components/LoadState';
import { PageHeader } from '../components/PageHeader';
import { Pager } from '../components/Pager';
import { useApi } from '../hooks/useApi';
import { useCursorPages } from '../hooks/useCursorPages';
import { MODEL_TYPES } from '../lib/catalog';
import { formatAge, formatBytes, formatModelType, formatPercent, shortId } from '../lib/format';

const PAGE_SIZE = 20;

/** Trained models: download the artifact, or try one on a digit you draw. */
export function ModelsPage() {
  const [search, setSearch] = useSearchParams();
  const pages = useCursorPages();
  const query = { model_type: search.get('model_type') ?? '', limit: PAGE_SIZE, cursor: pages.cursor };
  const models = useApi(JSON.stringify(query), (signal) => api.models.list(query, signal), { keepPreviousData: true });
  const setModelType = (value: string) => {
    setSearch(value ? { model_type: value } : {}, { replace: true });
    pages.reset();
  };
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
          <div className="field">
            <label htmlFor="model-type">Model</label>
            <select id="model-type" className="select" value={query.model_type} onChange={(event) => setModelType(event.target.value)}>
              <option value="">All</option>
              {MODEL_TYPES.map((type) => (
                <option key={type} value={type}>
                  {formatModelType(type)}
                </option>
              ))}
            </select>
          </div>
        </div>
        {models.error && <ErrorAlert error={models.error} what="models" />}
        {!models.data && !models.error && <Loading what="models" />}
        {models.data && <ModelsTable models={models.data.items} />}
        <Pager
          page={pages.page}
          hasPrevious={pages.page > 1}
          hasNext={Boolean(models.data?.next_cursor)}
          onPrevious={pages.previous}
          onNext={() => models.data?.next_cursor && pages.next(models.data.next_cursor)}
        />
      </Card>
    </div>
  );
}

function ModelsTable({ models }: { models: ModelSummary[] }) {
  if (models.length === 0) return <p className="empty">No models yet: they appear when a run succeeds.</p>;
  return (
    <div className="table-scroll">
      <table className="table">
        <caption className="visually-hidden">Trained models</caption>
        <thead>
          <tr>
            <th scope="col">Model</th>
            <th scope="col">Type</th>
            <th scope="col">Dataset</th>
            <th scope="col" className="numeric">
              Test accuracy
            </th>
            <th scope="col" className="numeric">
              Size
            </th>
            <th scope="col">SHA-256</th>
            <th scope="col">Run</th>
            <th scope="col">Age</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
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
        </tbody>
      </table>
    </div>
  );
}
