import { useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../../api/client';
import type { ModelSummary, Prediction } from '../../api/types';
import { Card } from '../../components/Card';
import { ErrorAlert, Loading } from '../../components/LoadState';
import { useAccess } from '../../auth/access-context';
import { PageHeader } from '../../components/PageHeader';
import { ViewerNotice } from '../../components/ViewerNotice';
import { useApi } from '../../hooks/useApi';
import { formatModelType, formatPercent, shortId } from '../../lib/format';
import { DrawingPad, type DrawingPadHandle } from './DrawingPad';
import { MnistPreview } from './MnistPreview';
import { ProbabilityChart } from './ProbabilityChart';

/** Draw a digit, see what a trained model makes of it (predicting is a member's action). */
export function PlaygroundPage() {
  const mayPredict = useAccess().can('write');
  const header = <PageHeader title="Playground" description="Draw a digit; it is cropped, scaled and centred like MNIST's digits, then classified." />;
  if (!mayPredict) {
    return (
      <div className="page">
        {header}
        <ViewerNotice action="ask a model for predictions" />
      </div>
    );
  }
  return (
    <div className="page">
      {header}
      <ModelPicker />
    </div>
  );
}

function ModelPicker() {
  const [search, setSearch] = useSearchParams();
  const models = useApi('playground-models', (signal) => api.models.list({ limit: 100 }, signal));
  const modelId = search.get('model') ?? models.data?.items[0]?.id ?? '';

  return (
    <>
      {models.error && <ErrorAlert error={models.error} what="the models" />}
      {!models.data && !models.error && <Loading what="models" />}
      {models.data &&
        (models.data.items.length === 0 ? (
          <div className="alert alert-info">
            No trained model yet. <Link to="/submit">Train one</Link> and come back when it has succeeded.
          </div>
        ) : (
          <Playground models={models.data.items} modelId={modelId} onModelChange={(id) => setSearch({ model: id }, { replace: true })} />
        ))}
    </>
  );
}

interface PlaygroundProps {
  models: ModelSummary[];
  modelId: string;
  onModelChange: (id: string) => void;
}

function Playground({ models, modelId, onModelChange }: PlaygroundProps) {
  const pad = useRef<DrawingPadHandle>(null);
  const latestRequest = useRef(0);
  const [pixels, setPixels] = useState<number[] | null>(null);
  const [prediction, setPrediction] = useState<Prediction>();
  const [error, setError] = useState<string>();
  const [predicting, setPredicting] = useState(false);

  const predict = async () => {
    const input = pad.current?.mnistPixels() ?? null;
    setPixels(input);
    if (!input) {
      setError('Draw a digit first.');
      return;
    }
    const request = ++latestRequest.current;
    setPredicting(true);
    setError(undefined);
    try {
      const { predictions } = await api.models.predict(modelId, [input]);
      if (request === latestRequest.current) setPrediction(predictions[0]);
    } catch (reason) {
      if (request === latestRequest.current) setError(reason instanceof Error ? reason.message : String(reason));
    } finally {
      if (request === latestRequest.current) setPredicting(false);
    }
  };
  const clear = () => {
    pad.current?.clear();
    latestRequest.current++;
    setPixels(null);
    setPrediction(undefined);
    setError(undefined);
    setPredicting(false);
  };

  return (
    <div className="playground">
      <Card title="Your digit">
        <div className="stack">
          <div className="field">
            <label htmlFor="playground-model">Model</label>
            <select id="playground-model" className="select" value={modelId} onChange={(event) => onModelChange(event.target.value)}>
              {models.map((model) => (
                <option key={model.id} value={model.id}>
                  {formatModelType(model.model_type)} {shortId(model.id)} ({formatPercent(model.test_accuracy)})
                </option>
              ))}
            </select>
          </div>
          <DrawingPad ref={pad} onStrokeEnd={predict} />
          <div className="form-actions">
            <button type="button" className="btn btn-primary" onClick={predict} disabled={predicting}>
              {predicting ? 'Predicting…' : 'Predict'}
            </button>
            <button type="button" className="btn" onClick={clear}>
              Clear
            </button>
          </div>
        </div>
      </Card>
      <Card title="Prediction" description="Updated after every stroke.">
        <div className="stack" aria-live="polite">
          {error && (
            <div className="alert alert-error" role="alert">
              {error}
            </div>
          )}
          {prediction ? (
            <div className="row prediction-summary">
              <div>
                <div className="stat-label">Predicted digit</div>
                <output className="prediction-label" aria-label={`Predicted digit: ${prediction.label}`}>
                  {prediction.label}
                </output>
                <div className="muted">{formatPercent(prediction.probabilities[String(prediction.label)], 1)} probability</div>
              </div>
              <div>
                <div className="stat-label">Model input (28×28)</div>
                <MnistPreview pixels={pixels} />
              </div>
            </div>
          ) : (
            !error && <p className="muted">Draw a digit on the black square; the prediction appears here.</p>
          )}
          {prediction && <ProbabilityChart prediction={prediction} />}
        </div>
      </Card>
    </div>
  );
}
