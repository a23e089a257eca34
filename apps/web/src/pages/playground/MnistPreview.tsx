import { useEffect, useRef } from 'react';
import { MNIST_SIDE } from '@mnist-lab/ml/spec';
import { ImageCanvas } from '../../components/ImageCanvas';

/** The 28x28 image the model receives, enlarged with visible pixels. */
export function MnistPreview({ pixels }: { pixels: number[] | null }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    const image = ctx.createImageData(MNIST_SIDE, MNIST_SIDE);
    for (let i = 0; i < MNIST_SIDE * MNIST_SIDE; i++) {
      const value = pixels?.[i] ?? 0;
      image.data.set([value, value, value, 255], i * 4);
    }
    ctx.putImageData(image, 0, 0);
  }, [pixels]);
  return (
    <ImageCanvas
      ref={canvas}
      className="preview-canvas"
      side={MNIST_SIDE}
      label="What the model sees: the drawing cropped, scaled to 20 pixels and centred in 28 by 28"
    />
  );
}
